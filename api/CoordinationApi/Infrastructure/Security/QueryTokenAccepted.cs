namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// Endpoint metadata: this endpoint also accepts a personal feed token in the query string (<c>?token=</c>,
/// <see cref="AuthSetup.QueryTokenScheme"/>), for calendar programs that cannot send headers. The feed token handler
/// authenticates only on endpoints that carry it, and the OpenAPI document lists the scheme only on them.
/// </summary>
public sealed class QueryTokenAccepted
{
    public static readonly QueryTokenAccepted Instance = new();

    private QueryTokenAccepted()
    {
    }
}
