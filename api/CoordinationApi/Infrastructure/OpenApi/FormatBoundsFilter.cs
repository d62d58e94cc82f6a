using System.Globalization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Bounds that follow from a value's type, stated so clients and linters need not guess: an integer the validators do
/// not bound further lies in the range of its format (int32 or int64); a date, instant or id is at most as long as its
/// longest written form. Runs after <see cref="ValidatorBounds.SchemaFilter"/> and fills only what it left open.
/// </summary>
internal sealed class FormatBoundsFilter : ISchemaFilter
{
    /// <summary>yyyy-MM-dd; a GUID with hyphens; an RFC 3339 instant with seven fraction digits and an offset.</summary>
    private static readonly Dictionary<string, int> FormatLengths = new(StringComparer.Ordinal)
    {
        ["date"] = 10,
        ["uuid"] = 36,
        ["date-time"] = 33,
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Type: { } type } concrete)
        {
            return;
        }

        if (type.HasFlag(JsonSchemaType.Integer))
        {
            var wide = concrete.Format == "int64";
            concrete.Minimum ??= (wide ? long.MinValue : int.MinValue).ToString(CultureInfo.InvariantCulture);
            concrete.Maximum ??= (wide ? long.MaxValue : int.MaxValue).ToString(CultureInfo.InvariantCulture);
        }
        else if (type.HasFlag(JsonSchemaType.String) && concrete.Format is { } format && FormatLengths.TryGetValue(format, out var length))
        {
            concrete.MaxLength ??= length;
        }
    }
}
