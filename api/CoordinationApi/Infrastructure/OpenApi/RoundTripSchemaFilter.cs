using System.Reflection;
using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Documents a <see cref="RoundTripsAttribute"/> pair: the representation's members that the request does not change are
/// <c>readOnly</c> in the representation (OpenAPI's meaning: sent back, they are ignored); the request's members the
/// representation does not carry (an action such as <c>unlock</c>) are <c>writeOnly</c>. The request schema lists the
/// representation's read-only members too, with their schema, as binding accepts them (read as their type, then ignored),
/// so a validator holding the request to <c>additionalProperties: false</c> lets a GET body through. There they are not
/// <c>readOnly</c>: validating proxies (Prism) drop readOnly members from a request schema and then refuse them as
/// unknown; their description says they are ignored instead (<see cref="Ignored"/>).
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
                request[name] = Accepted(representation[name]);
                representation[name] = Marked(representation[name], readOnly: true);
            }
        }

        body.Description = (body.Description is { Length: > 0 } described ? described + " " : "")
            + $"The body of a GET ({id}) may be sent as it is, changed where you want: its readOnly members, listed here as \"{Ignored}\", are accepted and ignored.";
        foreach (var name in request.Keys.Where(n => !representation.ContainsKey(n)).ToList())
        {
            request[name] = Marked(request[name], readOnly: false, writeOnly: true);
        }
    }

    /// <summary>What the description of a read-only member in a request schema begins with.</summary>
    public const string Ignored = "Read-only: accepted and ignored so that a GET body can be PUT back.";

    /// <summary>
    /// The extension (<c>true</c>) on a read-only member in a request schema, for tools: its value is read and dropped, so
    /// the lint's bounds on what a client sends (web-client/.spectral.yaml) do not apply to it; the body limit does.
    /// </summary>
    public const string IgnoredExtension = "x-accepted-and-ignored";

    /// <summary>The representation's member as the request accepts it: its schema, described as ignored, without flags.</summary>
    private static IOpenApiSchema Accepted(IOpenApiSchema member)
    {
        var description = member.Description is { Length: > 0 } about ? $"{Ignored} {about}" : Ignored;
        var copy = member switch
        {
            OpenApiSchemaReference reference => new OpenApiSchema { AllOf = [reference] },
            OpenApiSchema inline => (OpenApiSchema)inline.CreateShallowCopy(),
            _ => null,
        };
        if (copy is null)
        {
            return member;
        }

        copy.ReadOnly = false;
        copy.WriteOnly = false;
        copy.Description = description;
        copy.Extensions = new Dictionary<string, IOpenApiExtension>(copy.Extensions ?? new Dictionary<string, IOpenApiExtension>())
        {
            [IgnoredExtension] = new JsonNodeExtension(JsonValue.Create(true)),
        };
        return copy;
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
