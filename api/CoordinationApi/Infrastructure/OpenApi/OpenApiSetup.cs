using System.Reflection;
using Microsoft.OpenApi;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>The OpenAPI document is the contract for agency systems and the SPA's typed client.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddCoordinationOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
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
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            options.CustomSchemaIds(SchemaId);
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
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
        });
        return app;
    }
}
