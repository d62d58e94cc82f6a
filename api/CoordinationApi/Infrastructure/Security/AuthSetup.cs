using System.Security.Claims;
using System.Threading.RateLimiting;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.Tokens;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>Authentication (own JWTs or an external OIDC provider, and API keys), authorization, rate limits, CORS and security headers.</summary>
public static class AuthSetup
{
    public const string SignInRateLimit = "sign-in";

    /// <summary>
    /// The scheme of a token in the query string (<c>?token=</c>) of a request without an Authorization header, for clients
    /// that cannot send headers (calendar apps); the feature that issues such tokens registers its handler under this name.
    /// </summary>
    public const string QueryTokenScheme = "FeedToken";
    private const string Smart = "BearerOrApiKey";

    public static WebApplicationBuilder AddCoordinationSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(auth);
        services.AddCoordinationCaches();
        services.AddSingleton<ReferenceData>();
        services.AddSingleton<CurrentAuthority>();
        services.AddHttpContextAccessor();

        var useOidc = !string.IsNullOrWhiteSpace(auth.Oidc.Authority);
        var key = useOidc ? null : SigningKey.Resolve(auth, builder.Environment.ContentRootPath,
            shared: builder.Configuration.GetValue<Data.DatabaseProvider>("Database:Provider") == Data.DatabaseProvider.SqlServer);
        // List cursors carry a MAC with a key derived from the signing key, the same on every instance that shares it.
        var cursorKey = (key ?? SigningKey.Resolve(auth, builder.Environment.ContentRootPath)).Key;
        services.AddSingleton(sp => new Http.Cursors(cursorKey, sp.GetRequiredService<IHttpContextAccessor>()));
        if (key is not null)
        {
            services.AddSingleton(key);
            services.AddSingleton<TokenService>();
        }

        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, "Bearer token, API key or calendar feed token", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeys.Header) ? ApiKeys.Scheme
                : !context.Request.Headers.ContainsKey("Authorization") && context.Request.Query.ContainsKey("token") ? QueryTokenScheme
                : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeys.Scheme, null)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                if (key is null)
                {
                    options.Authority = auth.Oidc.Authority;
                    options.Audience = auth.Oidc.Audience;
                    options.RequireHttpsMetadata = auth.Oidc.RequireHttpsMetadata;
                    options.Events = new JwtBearerEvents { OnTokenValidated = context => MapExternalClaims(context, auth.Oidc) };
                }
                else
                {
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = auth.Issuer,
                        ValidAudience = auth.Audience,
                        IssuerSigningKey = key,
                        NameClaimType = CallerClaims.Name,
                        RoleClaimType = CallerClaims.Role,
                        ClockSkew = TimeSpan.FromSeconds(30),
                    };
                    options.Events = new JwtBearerEvents { OnTokenValidated = CurrentAuthority.ValidateTokenAsync };
                }
            });
        services.AddAccessPolicies();
        services.AddCoordinationRateLimits(limits);
        services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [])
            .WithHeaders("Authorization", "Content-Type", ApiKeys.Header, "If-Match", "Idempotency-Key")
            .WithExposedHeaders("ETag", "Location", "Retry-After", DeprecatedMetadata.DeprecationHeader, DeprecatedMetadata.SunsetHeader, DeprecatedMetadata.LinkHeader,
                RateLimitHeadersMiddleware.LimitHeader, RateLimitHeadersMiddleware.RemainingHeader, RateLimitHeadersMiddleware.ResetHeader)
            .AllowAnyMethod()));
        return builder;
    }

    /// <summary>First in the pipeline, so every response carries them: API, Swagger UI, the web app's files, errors.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        return app;
    }

    public static WebApplication UseCoordinationSecurity(this WebApplication app)
    {
        app.UseCors();
        app.UseAuthentication();
        app.UseMiddleware<RateLimitHeadersMiddleware>();
        app.UseRateLimiter();
        app.UseRequestLimits();
        app.UseHeaderBounds();
        app.UseAuthorization();
        return app;
    }

    /// <summary>An external provider's claims, renamed to the ones the caller context reads (see README, "External identity provider").</summary>
    private static Task MapExternalClaims(TokenValidatedContext context, OidcOptions oidc)
    {
        var principal = context.Principal!;
        string? First(string type) => principal.FindFirst(type)?.Value;
        // Every actor column holds a subject of up to 255 characters (the OpenID Connect limit) and a name of up to 200:
        // a longer one is refused here rather than cut (two people would share an audit identity) or failing a write.
        if ((First("sub") ?? "").Length > CallerClaims.MaxSubjectLength
            || (First(oidc.UsernameClaim) ?? First("sub") ?? "").Length > CallerClaims.MaxNameLength)
        {
            context.Fail("The token's subject or username is longer than the audit trail records.");
            return Task.CompletedTask;
        }

        var claims = new List<Claim>
        {
            new(CallerClaims.Subject, First("sub") ?? ""),
            new(CallerClaims.Name, First(oidc.UsernameClaim) ?? First("sub") ?? ""),
            new(CallerClaims.DisplayName, First(oidc.DisplayNameClaim) ?? First(oidc.UsernameClaim) ?? ""),
            new(CallerClaims.Kind, "user"),
            new(CallerClaims.Agency, First(oidc.AgencyClaim) ?? ""),
            new(CallerClaims.Clearance, First(oidc.ClearanceClaim) ?? ClearanceNames.All[0]),
        };
        if (First(oidc.UnitClaim) is { } unit)
        {
            claims.Add(new(CallerClaims.Unit, unit));
        }

        claims.AddRange(principal.FindAll(oidc.RoleClaim).Select(c => new Claim(CallerClaims.Role, c.Value)).Where(c => Roles.All.Contains(c.Value)));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, JwtBearerDefaults.AuthenticationScheme, CallerClaims.Name, CallerClaims.Role));
        return Task.CompletedTask;
    }

    private static void AddCoordinationRateLimits(this IServiceCollection services, RateLimitOptions limits)
    {
        var perCaller = new CallerRateLimiter(limits.PerCallerPerMinute, TimeProvider.System);
        var signIn = new CallerRateLimiter(limits.SignInPerMinute, TimeProvider.System, http => $"sign-in:{http.Connection.RemoteIpAddress}");
        services.AddSingleton(new CallerRateLimit(perCaller, limits.PerCallerPerMinute, new Dictionary<string, CallerRateLimiter> { [SignInRateLimit] = signIn }));
        services.AddRateLimiter(options =>
        {
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = $"Try again in {retryAfter} seconds.",
                    },
                });
            };
            options.GlobalLimiter = perCaller;
            options.AddPolicy(SignInRateLimit, signIn.PartitionFor);
        });
    }
}

/// <summary>
/// Headers for every response. The CSP allows only this origin's scripts, so the SPA (served from here)
/// works and injected scripts do not; Swagger UI needs inline styles, as does React's style attribute.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(context);
    }
}
