using System.Text.Json.Serialization.Metadata;
using FluentValidation;

namespace CoordinationApi.Infrastructure.Http;

public static class HttpSetup
{
    public const string MaxBodyBytesKey = "Http:MaxRequestBodyBytes";
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddCoordinationHttp(this WebApplicationBuilder builder)
    {
        builder.Services.AddCoordinationProblemDetails();
        builder.AddForwardedHeaders();
        // A rule stops at its first failure: a later check (Must, Matches…) then never runs on a missing value.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        // Messages name the field as the JSON body does ('startDate', not 'Start Date').
        ValidatorOptions.Global.DisplayNameResolver = ValidationFilter.DisplayName;
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.AllowTrailingCommas = false;
            // Strict binding, as the document says: a number is not read from a string, and a field the request does not
            // have (additionalProperties: false) is a 400 naming it rather than silently dropped.
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            options.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.Converters.Add(new NfcStringConverter());
            // A GET body PUTs back: its read-only members are read and ignored ([RoundTrips] on the request).
            // A member that cannot be null must be sent: missing, it is a 400 naming it, not a silent default.
            options.SerializerOptions.TypeInfoResolver = (options.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(RoundTripsAttribute.AcceptReadOnlyMembers)
                .WithAddedModifier(RequiredMembers.Apply);
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue(MaxBodyBytesKey, DefaultMaxBodyBytes);
            // Above the API's own limits, so the API answers 414 and 431 with a problem; Kestrel answers beyond these bare.
            kestrel.Limits.MaxRequestLineSize = 8 * RequestLimitsMiddleware.MaxRequestTargetBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 4 * RequestLimitsMiddleware.MaxHeaderBytes;
        });
        return builder;
    }

    public static WebApplication UseCoordinationHttp(this WebApplication app)
    {
        app.UseForwardedHeadersFromKnownProxies();
        app.UseMiddleware<HeadRequests>();
        app.UseCoordinationProblemDetails();
        app.UseMiddleware<RequestSizeLimitMiddleware>(app.Configuration.GetValue(MaxBodyBytesKey, DefaultMaxBodyBytes));
        return app;
    }
}
