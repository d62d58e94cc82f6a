using System.Text.Json;
using System.Text.Json.Serialization;
using CoordinationApi.Infrastructure.Http;
using FluentValidation;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Features.Regulations;

/// <summary>
/// A signatory in a regulation request, written either as the person's key (<c>"to-lam"</c>) or as the signatory object a
/// GET shows, whose <c>personKey</c> names the person and whose other members are read-only: so the regulation's GET body
/// PUTs back as it is.
/// </summary>
/// <param name="PersonKey">The person (<c>GET /api/v1/persons/{key}</c>).</param>
[JsonConverter(typeof(SignatoryRequestConverter))]
public sealed record SignatoryRequest(string PersonKey);

/// <summary>A signatory as a GET shows it; only its person key is read, its other members are accepted and ignored.</summary>
/// <param name="PersonKey">The person (<c>GET /api/v1/persons/{key}</c>).</param>
[RoundTrips(typeof(SignatoryDto))]
public sealed record SignatoryReference(string PersonKey);

internal sealed class SignatoryRequestValidator : AbstractValidator<SignatoryRequest>
{
    public SignatoryRequestValidator()
    {
        RuleFor(s => s.PersonKey).NotEmpty().MaximumLength(100);
    }
}

/// <summary>Reads a person key or a signatory object; writes the key (what the request means, e.g. for an idempotency hash).</summary>
internal sealed class SignatoryRequestConverter : JsonConverter<SignatoryRequest>
{
    public override SignatoryRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new SignatoryRequest(JsonSerializer.Deserialize<string>(ref reader, options)!);
            case JsonTokenType.StartObject:
                try
                {
                    return new SignatoryRequest(JsonSerializer.Deserialize<SignatoryReference>(ref reader, options)!.PersonKey);
                }
                catch (JsonException inner) when (inner.Path is not null)
                {
                    // Read on its own, the object's error carries a path from the object ("$.personId"); without a path the
                    // outer reader adds the item's ("$.signatories[0]"), and the problem names the member below it.
                    throw new JsonException(inner.Message.Split(" Path: ", 2)[0], inner);
                }

            default:
                throw new JsonException("The JSON value could not be converted to a signatory: give a person key or a signatory object.");
        }
    }

    public override void Write(Utf8JsonWriter writer, SignatoryRequest value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.PersonKey);
}

/// <summary>
/// Documents <see cref="SignatoryRequest"/> as what it reads: <c>oneOf</c> a person key (a string) or a
/// <see cref="SignatoryReference"/> object, both with the validator's bounds on the key.
/// </summary>
internal sealed class SignatoryRequestSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(SignatoryRequest) || schema is not OpenApiSchema written
            || context.SchemaGenerator.GenerateSchema(typeof(SignatoryReference), context.SchemaRepository) is not OpenApiSchemaReference { Reference.Id: { } id } reference
            || !context.SchemaRepository.Schemas.TryGetValue(id, out var found) || found is not OpenApiSchema { Properties: { } members })
        {
            return;
        }

        var key = written.Properties is { } properties && properties.TryGetValue("personKey", out var given) && given is OpenApiSchema stated
            ? stated
            : new OpenApiSchema { Type = JsonSchemaType.String };
        var asKey = (OpenApiSchema)key.CreateShallowCopy();
        asKey.Description = "The signatory's person key (GET /api/v1/persons/{key}).";
        members["personKey"] = key;

        written.Type = null;
        written.Properties = null;
        written.Required = null;
        written.AdditionalProperties = null;
        written.AdditionalPropertiesAllowed = true;
        written.OneOf = [asKey, reference];
        written.Description = "A signatory: the person's key, or the signatory object a GET shows (its personKey names the person; "
            + "its other members are accepted and ignored).";
    }
}
