using System.Reflection;
using CoordinationApi.Infrastructure.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Documents a <see cref="RoundTripsAttribute"/> pair: the representation's members that the request does not change are
/// <c>readOnly</c> in the representation (OpenAPI's meaning: sent back, they are ignored; the request accepts them, so a
/// GET body PUTs back, and says so in its description); the request's members the representation does not carry (an
/// action such as <c>unlock</c>) are <c>writeOnly</c>. The request schema lists only what it changes.
/// </summary>
internal sealed class RoundTripSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { } request } body || context.Type.GetCustomAttribute<RoundTripsAttribute>() is not { } roundTrips
            || context.SchemaGenerator.GenerateSchema(roundTrips.Representation, context.SchemaRepository) is not OpenApiSchemaReference { Reference.Id: { } id }
            || !context.SchemaRepository.Schemas.TryGetValue(id, out var found) || found is not OpenApiSchema { Properties: { } representation })
        {
            return;
        }

        foreach (var name in representation.Keys.ToList())
        {
            if (request.TryGetValue(name, out var writable))
            {
                // Writable through the request: never read-only in the representation (a computed C# property would be).
                representation[name] = Marked(representation[name], readOnly: false);
                request[name] = Marked(writable, readOnly: false);
            }
            else
            {
                representation[name] = Marked(representation[name], readOnly: true);
            }
        }

        body.Description = (body.Description is { Length: > 0 } described ? described + " " : "")
            + $"The body of a GET ({id}) may be sent as it is, changed where you want: its readOnly members are accepted and ignored.";
        foreach (var name in request.Keys.Where(n => !representation.ContainsKey(n)).ToList())
        {
            request[name] = Marked(request[name], readOnly: false, writeOnly: true);
        }
    }

    /// <summary>A copy of the member's schema with the flags; a bare <c>$ref</c> is wrapped, as 3.0 ignores its siblings.</summary>
    private static IOpenApiSchema Marked(IOpenApiSchema member, bool readOnly, bool writeOnly = false)
    {
        if (member is OpenApiSchemaReference reference)
        {
            return readOnly || writeOnly
                ? new OpenApiSchema { AllOf = [reference], ReadOnly = readOnly, WriteOnly = writeOnly, Description = reference.Description }
                : reference;
        }

        if (member is not OpenApiSchema inline || (inline.ReadOnly == readOnly && inline.WriteOnly == writeOnly))
        {
            return member;
        }

        var copy = (OpenApiSchema)inline.CreateShallowCopy();
        copy.ReadOnly = readOnly;
        copy.WriteOnly = writeOnly;
        return copy;
    }
}
