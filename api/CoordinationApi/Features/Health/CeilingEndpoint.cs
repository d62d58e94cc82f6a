namespace CoordinationApi.Features.Health;

/// <summary>What the ceiling endpoint answers: a constant.</summary>
/// <param name="Ok">Always true.</param>
public sealed record CeilingDto(bool Ok);

/// <summary>
/// A constant JSON answer through the same middleware as the API, for the load benchmark's ceiling. Mapped only when
/// <c>Bench:Ceiling</c> is true (the benchmark sets it), and never part of the OpenAPI document.
/// </summary>
public static class CeilingEndpoint
{
    public const string EnabledKey = "Bench:Ceiling";

    public static IEndpointRouteBuilder MapCeiling(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(EnabledKey))
        {
            app.MapGet("/bench/ceiling", () => TypedResults.Ok(Constant)).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    private static readonly CeilingDto Constant = new(true);
}
