using System.Reflection;
using FluentValidation;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// One endpoint filter for the whole API: every handler argument whose type has a FluentValidation
/// validator is validated before the handler runs, and so is every route value against <see cref="Bounds"/>; a failure
/// answers 400 with field errors.
/// </summary>
public static class ValidationFilter
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        // Document the 400 on every endpoint that has a validated argument.
        builder.Add(static endpoint =>
        {
            var method = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
            if (method is not null && method.GetParameters().Any(p => ValidatorFor(endpoint.ApplicationServices, p) is not null))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                    StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
            }
        });
        builder.AddEndpointFilterFactory(static (factoryContext, next) =>
        {
            var services = factoryContext.ApplicationServices;
            var parameters = factoryContext.MethodInfo.GetParameters();
            var validated = parameters
                .Select((parameter, index) => (Index: index, Validator: ValidatorFor(services, parameter)))
                .Where(p => p.Validator is not null)
                .ToArray();
            // Scalar route values, and scalar query values outside a request record, have no validator: Bounds bounds them.
            var routeValues = parameters
                .Select((parameter, index) => (Index: index, Name: parameter.Name!, Type: parameter.ParameterType,
                    InQuery: parameter.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>() is not null))
                .Where(p => p.Type == typeof(int) || p.Type == typeof(string))
                .Select(p => (p.Index, p.Name, p.InQuery))
                .ToArray();
            if (validated.Length == 0 && routeValues.Length == 0)
            {
                return next;
            }

            return async invocationContext =>
            {
                Dictionary<string, string[]>? errors = null;
                var route = invocationContext.HttpContext.Request.RouteValues;
                foreach (var (index, name, inQuery) in routeValues)
                {
                    if ((inQuery || route.ContainsKey(name)) && Bounds.RouteValueError(invocationContext.Arguments[index]) is { } error)
                    {
                        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
                        errors[name] = [error];
                    }
                }

                // Values in messages (a date, a number) are written as the contract writes them: 2100-12-31, not 12/31/2100.
                var culture = System.Globalization.CultureInfo.CurrentCulture;
                System.Globalization.CultureInfo.CurrentCulture = ContractCulture;
                foreach (var (index, validator) in validated)
                {
                    var argument = invocationContext.Arguments[index];
                    if (argument is null)
                    {
                        continue;
                    }

                    var result = await validator!.ValidateAsync(
                        new ValidationContext<object>(argument), invocationContext.HttpContext.RequestAborted);
                    foreach (var group in result.Errors.GroupBy(e => JsonName(e.PropertyName)))
                    {
                        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
                        errors[group.Key] = [.. group.Select(e => e.ErrorMessage)];
                    }
                }

                System.Globalization.CultureInfo.CurrentCulture = culture;
                return errors is null
                    ? await next(invocationContext)
                    : Problems.Invalid(errors);
            };
        });
        return builder;
    }

    /// <summary>The invariant culture writing dates as ISO 8601 (yyyy-MM-dd), for the values validation messages quote.</summary>
    private static readonly System.Globalization.CultureInfo ContractCulture = CreateContractCulture();

    private static System.Globalization.CultureInfo CreateContractCulture()
    {
        var culture = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.ShortDatePattern = "yyyy-MM-dd";
        culture.DateTimeFormat.LongTimePattern = "HH:mm:ss";
        return System.Globalization.CultureInfo.ReadOnly(culture);
    }

    /// <summary>The name a validation message gives a member: its JSON name (<c>startDate</c>), as <c>errors</c> keys it.</summary>
    public static string? DisplayName(Type type, MemberInfo? member, System.Linq.Expressions.LambdaExpression? expression) =>
        member is null ? null : JsonName(member.Name);

    private static IValidator? ValidatorFor(IServiceProvider services, ParameterInfo parameter) =>
        services.GetService(typeof(IValidator<>).MakeGenericType(parameter.ParameterType)) as IValidator;

    /// <summary>"Parties[0].StandingUnitCode" → "parties[0].standingUnitCode", as the JSON body names it.</summary>
    private static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(segment =>
            segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));
}
