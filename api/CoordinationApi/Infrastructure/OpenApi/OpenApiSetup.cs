using System.Reflection;
using Swashbuckle.AspNetCore.SwaggerGen;
using Microsoft.OpenApi;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>The OpenAPI document is the contract for agency systems and the SPA's typed client.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    private const string BearerScheme = AccessRequirementsFilter.BearerScheme;
    private const string ApiKeyScheme = AccessRequirementsFilter.ApiKeyScheme;

    public static IServiceCollection AddCoordinationOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        // OpenAPI 3.1 (JSON Schema 2020-12), for the served document and the one the build writes (both read SwaggerOptions).
        services.Configure<Swashbuckle.AspNetCore.Swagger.SwaggerOptions>(options => options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1);
        services.AddOptions<OpenApiInfoOptions>().BindConfiguration(OpenApiInfoOptions.Section)
            .Validate(OpenApiInfoOptions.IsValid, "OpenApi: ContactName and LicenseName are required; PublicUrl, ContactUrl and LicenseUrl must be http(s) URLs and ContactEmail an e-mail address, or empty.")
            .ValidateOnStart();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "CoordinationApi",
                Version = "v1",
                Description = "Shared register of an inter-agency coordination regulation: its text, the joint tasks "
                    + "that carry it out, their progress, and the review schedule with its outcomes. "
                    + "Errors are RFC 9457 problem documents.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /api/v1/auth/token (people): a JWT signed and checked as RFC8725 advises "
                    + "(one algorithm, issuer, audience and lifetime checked, revoked at once when the person's access changes).",
            });
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = Security.ApiKeys.Header,
                Description = "An API key issued by an admin (agency systems).",
            });
            options.AddSecurityDefinition(AccessRequirementsFilter.FeedTokenScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Query,
                Name = "token",
                Description = "A personal calendar feed token from POST /api/v1/auth/feed-token, accepted by the calendar feed "
                    + "only: calendar programs subscribe to a URL and cannot send headers.",
            });
            options.OperationFilter<RawRequestBodyFilter>(); // before the common problems: its 413 and 415 say what the body is
            options.OperationFilter<CommonProblemsFilter>();
            options.OperationFilter<ExportResponses>();
            options.OperationFilter<FileResponses>();
            options.OperationFilter<HttpHeadersFilter>();
            options.OperationFilter<DownloadHeadersFilter>();
            options.OperationFilter<UnexpectedProblemFilter>();
            options.OperationFilter<IdempotencyReplayFilter>();
            options.DocumentFilter<ETagHeaderFilter>();
            options.OperationFilter<ValidatorBounds.OperationFilter>();
            options.SchemaFilter<ValidatorBounds.SchemaFilter>();
            options.SchemaFilter<ValidatorRequirements.SchemaFilter>();
            options.OperationFilter<ValidatorRequirements.OperationFilter>();
            options.SchemaFilter<VocabularyAttribute.SchemaFilter>();
            options.OperationFilter<VocabularyAttribute.OperationFilter>();
            options.SchemaFilter<NullableProperties>();
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            options.CustomSchemaIds(SchemaId);
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }

            options.OperationFilter<AccessRequirementsFilter>();
            options.OperationFilter<RateLimitHeadersFilter>();
            options.OperationFilter<DeprecationFilter>();
            options.DocumentFilter<ContractInfoFilter>();
            options.DocumentFilter<ProblemSchemaFilter>();
            options.SchemaFilter<FormatBoundsFilter>();
            options.SchemaFilter<RoundTripSchemaFilter>();
            options.DocumentFilter<BareSchemaReferences>(); // last: after every filter that adds a $ref
        });
        return services;
    }

    /// <summary>Schema names without the Dto suffix; <c>Page&lt;RegulationSummaryDto&gt;</c> becomes <c>RegulationSummaryPage</c>.</summary>
    private static string SchemaId(Type type) => type.IsGenericType
        ? string.Concat(type.GetGenericArguments().Select(SchemaId)) + type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]
        : type.Name.Replace("Dto", "", StringComparison.Ordinal);

    public static WebApplication UseCoordinationOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "CoordinationApi v1");
            options.DocumentTitle = "CoordinationApi";
            options.EnableTryItOutByDefault();
            options.EnablePersistAuthorization();
        });
        return app;
    }

    /// <summary>
    /// The problems any operation can answer whatever its handler does, so clients find them in the contract: a request
    /// whose parameters or body cannot be read (400), a write that lost a race with another (409), a body too large (413)
    /// or not JSON (415), too many requests (429), and the database unavailable for a moment (503, with Retry-After).
    /// </summary>
    private sealed class CommonProblemsFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            // Every operation: a query parameter it does not declare is a 400 (StrictRequestsMiddleware).
            var hasBody = operation.RequestBody is not null;
            Add(operation, context, StatusCodes.Status400BadRequest, "Bad Request");

            if (context.ApiDescription.HttpMethod is "POST" or "PUT" or "DELETE" or "PATCH")
            {
                Add(operation, context, StatusCodes.Status409Conflict, "The request conflicts with a change made meanwhile; nothing was saved.");
            }

            if (hasBody)
            {
                Add(operation, context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
                Add(operation, context, StatusCodes.Status415UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json).");
            }

            Add(operation, context, StatusCodes.Status414UriTooLong, "The path and query are longer than 8,192 characters; nothing was read.");
            Add(operation, context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The headers hold more than 32,768 characters; nothing was read.");
            Add(operation, context, StatusCodes.Status429TooManyRequests, "Too many requests: wait the seconds in Retry-After.");
            Add(operation, context, StatusCodes.Status503ServiceUnavailable, "The database is unavailable for the moment: retry after the seconds in Retry-After.");
        }

        private static void Add(OpenApiOperation operation, OperationFilterContext context, int status, string description)
        {
            operation.Responses ??= [];
            operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/problem+json"] = new OpenApiMediaType
                    {
                        // A 400 is always about input, so its errors member is present.
                        Schema = new OpenApiSchemaReference(status == StatusCodes.Status400BadRequest ? "HttpValidationProblemDetails" : "ProblemDetails", context.Document),
                    },
                },
            });
        }
    }
}
