using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Infrastructure.Audit;

public static class AuditSetup
{
    /// <summary>The audit trail every write appends to (through <see cref="WriteScope"/>), under the chain key.</summary>
    public static WebApplicationBuilder AddCoordinationAudit(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(AuditChainKey.Resolve(options, builder.Environment.ContentRootPath,
            shared: builder.Configuration.GetValue<DatabaseProvider>("Database:Provider") == DatabaseProvider.SqlServer));
        builder.Services.AddSingleton<AuditTrail>();
        return builder;
    }
}
