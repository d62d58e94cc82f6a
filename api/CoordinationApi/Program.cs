using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddCoordinationData();
builder.AddCoordinationHttp();
builder.AddCoordinationSecurity();
builder.AddGracefulShutdown();
builder.Services.AddCoordinationOpenApi();

var app = builder.Build();
if (await app.PrepareDatabaseAsync(args))
{
    return;
}

app.UseSecurityHeaders();
app.UseCoordinationHttp();
app.UseCoordinationOpenApi();
app.MapSpa();

// Routing after the static files, so a built asset is served as a file and not matched by the SPA's fallback route.
app.UseRouting();
app.UseCoordinationSecurity();
app.MapCoordinationEndpoints();
await app.RunAsync();

/// <summary>The API's entry point; public so integration tests can host it.</summary>
public partial class Program;
