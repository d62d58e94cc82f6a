using Microsoft.Extensions.FileProviders;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// Serves the built web client (web-client/dist) from the API's own origin, so the SPA and the API
/// share one URL and the Content-Security-Policy can stay 'self'. Paths under /api, /swagger and
/// /health are never answered with the SPA.
/// </summary>
public static class SpaHosting
{
    public const string RootKey = "Spa:Root";

    public static WebApplication MapSpa(this WebApplication app)
    {
        var root = ResolveRoot(app);
        if (root is null)
        {
            app.Logger.LogInformation("No built web client found (set {Key}); serving the API only", RootKey);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.MapFallbackToFile("{*path:regex(^(?!api/|api$|swagger|health).*$)}", "index.html", new StaticFileOptions { FileProvider = files })
            .AllowAnonymous();
        app.Logger.LogInformation("Serving the web client from {Root}", root);
        return app;
    }

    private static string? ResolveRoot(WebApplication app)
    {
        var configured = app.Configuration[RootKey];
        var candidate = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(app.Environment.ContentRootPath, "..", "..", "web-client", "dist")
            : Path.GetFullPath(configured, app.Environment.ContentRootPath);
        return File.Exists(Path.Combine(candidate, "index.html")) ? Path.GetFullPath(candidate) : null;
    }
}
