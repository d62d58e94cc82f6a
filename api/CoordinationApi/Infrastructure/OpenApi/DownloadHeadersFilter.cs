using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// A response that can be a file (its content offers a media type other than JSON: the exports' CSV, JSON lines and
/// XLSX, the calendar feed) is a download: it always carries <c>Content-Disposition: attachment; filename=…</c>, whatever
/// format was chosen, and the document says so, so a client can name the file it saves.
/// </summary>
public sealed class DownloadHeadersFilter : IOperationFilter
{
    public const string ContentDisposition = "Content-Disposition";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var (_, response) in operation.Responses ?? [])
        {
            if (response is OpenApiResponse { Content: { Count: > 0 } content } concrete && content.Keys.Any(IsFile))
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers.TryAdd(ContentDisposition, new OpenApiHeader
                {
                    Description = "`attachment` with the file's name (`filename` and the RFC 8187 `filename*`).",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 1000 },
                });
            }
        }
    }

    private static bool IsFile(string mediaType) =>
        !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
}
