using CoordinationApi.Infrastructure.OpenApi;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>The roles of SPEC §4.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Coordinator = "coordinator";
    public const string Officer = "officer";
    public const string Viewer = "viewer";
    public const string Auditor = "auditor";

    /// <summary>Keeps the register's agencies: adds an agency and gives it its first admin; manages any agency's units and persons.</summary>
    public const string RegistryAdmin = "registry_admin";

    [VocabularyName("Role")]
    public static readonly string[] All = [Admin, Coordinator, Officer, Viewer, Auditor, RegistryAdmin];
}

/// <summary>What an agency system's API key may do.</summary>
public static class Scopes
{
    public const string RegulationsRead = "regulations:read";
    public const string RegulationsWrite = "regulations:write";
    public const string TasksRead = "tasks:read";
    public const string TasksWrite = "tasks:write";
    public const string ReviewsRead = "reviews:read";
    public const string ReviewsWrite = "reviews:write";
    public const string AuditRead = "audit:read";
    public const string Export = "export";

    [VocabularyName("Scope")]
    public static readonly string[] All =
        [RegulationsRead, RegulationsWrite, TasksRead, TasksWrite, ReviewsRead, ReviewsWrite, AuditRead, Export];
}
