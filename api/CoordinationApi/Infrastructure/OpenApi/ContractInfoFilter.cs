using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Where the API is and whom to ask: <c>servers</c> (the relative <c>/</c>, so paths resolve against the origin that
/// served the document, or <c>OpenApi:PublicUrl</c> when set), and the contact and licence from <c>OpenApi:*</c>.
/// </summary>
internal sealed class ContractInfoFilter(IConfiguration configuration) : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var section = configuration.GetSection("OpenApi");
        var url = section["PublicUrl"] is { Length: > 0 } publicUrl ? publicUrl.TrimEnd('/') + "/" : "/";
        swaggerDoc.Servers =
        [
            new OpenApiServer
            {
                Url = url,
                Description = "This deployment (production or test, as run by the hosting agency); every path starts with /api/v1.",
                Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(true)) },
            },
        ];
        swaggerDoc.Info.Contact = new OpenApiContact
        {
            Name = section["ContactName"] ?? "Register operator (coordination office of the host agency)",
            Email = section["ContactEmail"] is { Length: > 0 } email ? email : null,
            Url = Uri.TryCreate(section["ContactUrl"], UriKind.Absolute, out var contactUrl) ? contactUrl : null,
        };
        swaggerDoc.Info.License = new OpenApiLicense
        {
            Name = section["LicenseName"] ?? "Restricted: for the parties to the coordination regulation",
            Url = Uri.TryCreate(section["LicenseUrl"], UriKind.Absolute, out var licenseUrl) ? licenseUrl : null,
        };
    }
}
