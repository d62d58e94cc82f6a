namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// The register of agencies, units and persons (issue 18): its writes let in a registry admin (and, for units and
/// persons, an agency's admin), so the suites that call every operation call these as <c>mps.registry_admin</c>, who
/// also reads everything those paths serve.
/// </summary>
public static class RegistryPaths
{
    private static readonly string[] Prefixes = ["/api/v1/agencies", "/api/v1/units", "/api/v1/persons"];

    /// <summary>The demo user to call a registry path as, or null for any other path.</summary>
    public static string? Registrar(string pathTemplate) =>
        Prefixes.Any(p => pathTemplate.StartsWith(p, StringComparison.Ordinal)) ? "mps.registry_admin" : null;
}
