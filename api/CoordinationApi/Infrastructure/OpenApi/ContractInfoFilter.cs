using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// The <c>OpenApi:*</c> configuration: where the API is published and whom integrators ask. The defaults name the two
/// standing offices of the demo regulation; a deployment sets its own. A URL or e-mail address that is not one stops the
/// start-up (a contract must not carry a broken contact).
/// </summary>
public sealed class OpenApiInfoOptions
{
    public const string Section = "OpenApi";

    /// <summary>The public base URL of this deployment (the document's <c>servers</c>); empty: <c>/</c>, the origin that served it.</summary>
    public string PublicUrl { get; set; } = "";

    public string ContactName { get; set; } =
        "Standing offices of the coordination regulation: Văn phòng Bộ Công an (MPS-VP) and Văn phòng Bộ Thông tin và Truyền thông (MIC-VP)";

    /// <summary>Where integrators write; empty: none published.</summary>
    public string ContactEmail { get; set; } = "";

    /// <summary>A page about the register or its operator; empty: none published.</summary>
    public string ContactUrl { get; set; } = "";

    public string LicenseName { get; set; } =
        "Restricted: official use by the parties to the MPS–MIC coordination regulation of 24 November 2021; not for redistribution";

    /// <summary>The text of the terms of use; empty: none published.</summary>
    public string LicenseUrl { get; set; } = "";

    internal static bool IsValid(OpenApiInfoOptions options) =>
        !string.IsNullOrWhiteSpace(options.ContactName) && !string.IsNullOrWhiteSpace(options.LicenseName)
        && new[] { options.PublicUrl, options.ContactUrl, options.LicenseUrl }.All(u => u.Length == 0 || IsWebUrl(u))
        && (options.ContactEmail.Length == 0 || System.Net.Mail.MailAddress.TryCreate(options.ContactEmail, out _));

    internal static Uri? UrlOrNull(string value) => value.Length > 0 ? new Uri(value, UriKind.Absolute) : null;

    private static bool IsWebUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

/// <summary>
/// Where the API is and whom to ask: <c>servers</c> (the relative <c>/</c>, so paths resolve against the origin that
/// served the document, or <c>OpenApi:PublicUrl</c> when set), and the contact and licence from <c>OpenApi:*</c>.
/// </summary>
internal sealed class ContractInfoFilter(IOptions<OpenApiInfoOptions> configured) : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var options = configured.Value;
        var url = options.PublicUrl is { Length: > 0 } publicUrl ? publicUrl.TrimEnd('/') + "/" : "/";
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
            Name = options.ContactName,
            Email = options.ContactEmail.Length > 0 ? options.ContactEmail : null,
            Url = OpenApiInfoOptions.UrlOrNull(options.ContactUrl),
        };
        swaggerDoc.Info.License = new OpenApiLicense
        {
            Name = options.LicenseName,
            Url = OpenApiInfoOptions.UrlOrNull(options.LicenseUrl),
        };
    }
}
