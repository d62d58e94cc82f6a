using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Every <c>$ref</c> to a schema stands alone. OpenAPI 3.1 lets a reference carry a <c>description</c>, and Swashbuckle
/// writes the XML summary there; but a validating proxy (Prism 5) then loses a recursive component (a unit's
/// <c>children</c>, a provision's) and refuses every valid tree. The property's own description stays in the component;
/// a nullable reference carries it on its <c>oneOf</c> wrapper (<see cref="NullableProperties"/>).
/// </summary>
internal sealed class BareSchemaReferences : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var seen = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var schema in swaggerDoc.Components?.Schemas?.Values.AsEnumerable() ?? [])
        {
            Visit(schema, seen);
        }

        foreach (var operation in swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                Visit(parameter.Schema, seen);
            }

            foreach (var media in operation.RequestBody?.Content?.Values.AsEnumerable() ?? [])
            {
                Visit(media.Schema, seen);
            }

            foreach (var response in operation.Responses?.Values.AsEnumerable() ?? [])
            {
                foreach (var media in response.Content?.Values.AsEnumerable() ?? [])
                {
                    Visit(media.Schema, seen);
                }

                foreach (var header in response.Headers?.Values.AsEnumerable() ?? [])
                {
                    Visit(header.Schema, seen);
                }
            }
        }
    }

    private static void Visit(IOpenApiSchema? schema, HashSet<IOpenApiSchema> seen)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            reference.Description = null;
            return;
        }

        if (schema is not OpenApiSchema model || !seen.Add(model))
        {
            return;
        }

        foreach (var child in (model.Properties?.Values.AsEnumerable() ?? [])
            .Concat(model.AllOf ?? []).Concat(model.AnyOf ?? []).Concat(model.OneOf ?? [])
            .Append(model.Items).Append(model.AdditionalProperties).Append(model.Not))
        {
            Visit(child, seen);
        }
    }
}
