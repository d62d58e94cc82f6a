using CoordinationApi.Features.Admin;
using CoordinationApi.Features.Agencies;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Auth;
using CoordinationApi.Features.Dashboard;
using CoordinationApi.Features.Exports;
using CoordinationApi.Features.Health;
using CoordinationApi.Features.Recognitions;
using CoordinationApi.Features.RegulationText;
using CoordinationApi.Features.Regulations;
using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Search;
using CoordinationApi.Features.Tasks;
using FluentValidation;

namespace CoordinationApi.Infrastructure.Http;

public static class HttpSetup
{
    public const string MaxBodyBytesKey = "Http:MaxRequestBodyBytes";
    private const long DefaultMaxBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddCoordinationHttp(this WebApplicationBuilder builder)
    {
        builder.Services.AddCoordinationProblemDetails();
        builder.AddForwardedHeaders();
        // A rule stops at its first failure: a later check (Must, Matches…) then never runs on a missing value.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        builder.Services.AddCoordinationHealth();
        var auditOptions = builder.Configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();
        builder.Services.AddSingleton(auditOptions);
        builder.Services.AddSingleton(AuditChainKey.Resolve(auditOptions, builder.Environment.ContentRootPath,
            shared: builder.Configuration.GetValue<Data.DatabaseProvider>("Database:Provider") == Data.DatabaseProvider.SqlServer));
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<DashboardCache>();
        builder.Services.AddSingleton<SearchRankings>();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.AllowTrailingCommas = false;
            options.SerializerOptions.Converters.Add(new NfcStringConverter());
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue(MaxBodyBytesKey, DefaultMaxBodyBytes));
        return builder;
    }

    public static WebApplication UseCoordinationHttp(this WebApplication app)
    {
        app.UseForwardedHeadersFromKnownProxies();
        app.UseCoordinationProblemDetails();
        app.UseMiddleware<RequestSizeLimitMiddleware>(app.Configuration.GetValue(MaxBodyBytesKey, DefaultMaxBodyBytes));
        return app;
    }

    /// <summary>Every endpoint of the product; the API proper lives under /api/v1.</summary>
    public static WebApplication MapCoordinationEndpoints(this WebApplication app)
    {
        app.MapHealth();
        app.MapCeiling(app.Configuration);
        var api = app.MapGroup("/api/v1").WithValidation().WithReadAudit();
        api.MapAuth();
        api.MapAgencies();
        api.MapRegulations();
        api.MapTasks();
        api.MapDashboard();
        api.MapReviews();
        api.MapCalendar();
        api.MapRecognitions();
        api.MapExports();
        api.MapRegulationText();
        api.MapSearch();
        api.MapAudit();
        api.MapAdmin();
        return app;
    }
}
