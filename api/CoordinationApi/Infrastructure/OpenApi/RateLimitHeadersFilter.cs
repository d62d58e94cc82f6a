using System.Globalization;
using CoordinationApi.Infrastructure.Security;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Every request counts against its caller's per-minute allowance, and every response says where the caller stands
/// (<see cref="RateLimitHeadersMiddleware"/>): the three fields on each response of each operation, and
/// <c>Retry-After</c> on the 429.
/// </summary>
internal sealed class RateLimitHeadersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers.TryAdd(RateLimitHeadersMiddleware.LimitHeader, Header("Requests per minute the allowance that applies to this operation grants: sign-in's per address, else this caller's (user, API client or anonymous address)."));
            concrete.Headers.TryAdd(RateLimitHeadersMiddleware.RemainingHeader, Header("Requests left in the current one-minute window."));
            concrete.Headers.TryAdd(RateLimitHeadersMiddleware.ResetHeader, Header("Seconds until the current window ends and the allowance is whole again (at most 60; 0 when no window is open)."));
            if (status == StatusCodes.Status429TooManyRequests.ToString(CultureInfo.InvariantCulture))
            {
                concrete.Headers.TryAdd("Retry-After", Header("Seconds to wait before trying again."));
            }
        }
    }

    private static OpenApiHeader Header(string description) => new()
    {
        Description = description,
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = "0",
            Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture),
        },
    };
}
