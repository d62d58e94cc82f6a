using CoordinationApi;
using CoordinationApi.Features.Admin;
using CoordinationApi.Features.Agencies;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Auth;
using CoordinationApi.Features.Comments;
using CoordinationApi.Features.Dashboard;
using CoordinationApi.Features.Demo;
using CoordinationApi.Features.Documents;
using CoordinationApi.Features.Evidence;
using CoordinationApi.Features.Exports;
using CoordinationApi.Features.Health;
using CoordinationApi.Features.MyWork;
using CoordinationApi.Features.Notifications;
using CoordinationApi.Features.Mail;
using CoordinationApi.Features.Recognitions;
using CoordinationApi.Features.RegulationText;
using CoordinationApi.Features.Regulations;
using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Search;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Features.Webhooks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Hosting;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddCoordinationData();
builder.AddCoordinationEvents();
builder.AddCoordinationAudit();
builder.AddCoordinationHttp();
builder.AddCoordinationSecurity();
builder.AddGracefulShutdown();
builder.Services.AddCoordinationOpenApi();

// The product, one capability per line: each registers its services, maps its endpoints and prepares its data itself,
// in this order.
builder.AddFeatures(
    new HealthFeature(),
    new AuthFeature(),
    new AgenciesFeature(),
    new RegulationsFeature(),
    new TasksFeature(),
    new DashboardFeature(),
    new MyWorkFeature(),
    new ReviewsFeature(),
    new CommentsFeature(),
    new EvidenceFeature(),
    new DocumentsFeature(),
    new RecognitionsFeature(),
    new ExportsFeature(),
    new RegulationTextFeature(),
    new SearchFeature(),
    new AuditFeature(),
    new AdminFeature(),
    new NotificationsFeature(),
    new WebhooksFeature(),
    new MailFeature(),
    new DemoFeature());

var app = builder.Build();
// --backup, --restore, --migrate, --generate-tasks: the operation runs and the process exits without serving.
if (await CommandLine.RunAsync(app, args))
{
    // Disposed before the process ends, so the console logger writes out what it still holds (a refusal's reason).
    await app.DisposeAsync();
    return;
}

await app.PrepareDatabaseAsync();
app.UseSecurityHeaders();
app.UseCoordinationHttp();
app.UseCoordinationOpenApi();
app.MapSpa();

// Routing after the static files, so a built asset is served as a file and not matched by the SPA's fallback route.
app.UseRouting();
app.UseDeclaredHeaders();
app.UseCoordinationSecurity();
app.UseStrictRequests();
app.MapFeatures();
await app.RunAsync();

/// <summary>The API's entry point; public so integration tests can host it.</summary>
public partial class Program;
