using System.Globalization;
using System.Reflection;
using CoordinationApi.Infrastructure.Http;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Writes the bounds the FluentValidation validators enforce into the OpenAPI document (maxLength, minimum, maximum,
/// maxItems, pattern), for body schemas and for the query parameters of <c>[AsParameters]</c> records, so a bound is
/// written once and the contract cannot drift from what the API refuses. Route values take <see cref="Bounds"/>.
/// </summary>
internal static class ValidatorBounds
{
    public static IValidator? ValidatorFor(IServiceProvider services, Type type) =>
        services.GetService(typeof(IValidator<>).MakeGenericType(type)) as IValidator;

    /// <summary>The validator's rules, those of included validators flattened; each item's rules marked.</summary>
    public static IEnumerable<(IValidationRule Rule, bool EachItem)> Rules(IValidator validator)
    {
        if (validator is not IEnumerable<IValidationRule> rules)
        {
            yield break;
        }

        foreach (var rule in rules)
        {
            if (rule is IIncludeRule)
            {
                foreach (var included in rule.Components.Select(c => ChildValidator(c.Validator)).OfType<IValidator>())
                {
                    foreach (var inner in Rules(included))
                    {
                        yield return inner;
                    }
                }

                continue;
            }

            yield return (rule, rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>)));
        }
    }

    /// <summary>The validator an <c>Include</c> or <c>SetValidator</c> was given as an instance.</summary>
    private static IValidator? ChildValidator(IPropertyValidator validator)
    {
        if (validator is not IChildValidatorAdaptor
            || validator.GetType().GetMethod("GetValidator", BindingFlags.Public | BindingFlags.Instance) is not { } getValidator)
        {
            return null;
        }

        // The context is only read by a validator chosen per instance; an instance given once ignores it.
        var context = Activator.CreateInstance(getValidator.GetParameters()[0].ParameterType, [null]);
        return getValidator.Invoke(validator, [context, null]) as IValidator;
    }

    public static void Apply(OpenApiSchema schema, IValidationRule rule, bool eachItem)
    {
        foreach (var component in rule.Components)
        {
            if (component.Validator is IMaxItemsValidator maxItems)
            {
                schema.MaxItems = maxItems.Max;
                continue;
            }

            var target = eachItem ? schema.Items as OpenApiSchema : schema;
            if (target is null)
            {
                continue;
            }

            switch (component.Validator)
            {
                case ILengthValidator length:
                    if (length.Max > 0)
                    {
                        target.MaxLength = target.MaxLength is { } max ? Math.Min(max, length.Max) : length.Max;
                    }

                    if (length.Min > 0)
                    {
                        target.MinLength = length.Min;
                    }

                    break;
                case IBetweenValidator between when Number(between.From) is { } from && Number(between.To) is { } to:
                    var exclusive = component.Validator.Name.StartsWith("Exclusive", StringComparison.Ordinal);
                    target.Minimum = Text(exclusive ? from + 1 : from);
                    target.Maximum = Text(exclusive ? to - 1 : to);
                    break;
                case IComparisonValidator { ValueToCompare: { } compared } comparison when Number(compared) is { } value:
                    switch (comparison.Comparison)
                    {
                        case Comparison.GreaterThan:
                            target.Minimum = Text(value + 1);
                            break;
                        case Comparison.GreaterThanOrEqual:
                            target.Minimum = Text(value);
                            break;
                        case Comparison.LessThan:
                            target.Maximum = Text(value - 1);
                            break;
                        case Comparison.LessThanOrEqual:
                            target.Maximum = Text(value);
                            break;
                    }

                    break;
                case IRegularExpressionValidator regex when regex.Expression is not null:
                    target.Pattern = regex.Expression;
                    break;
            }
        }
    }

    /// <summary>Integer bounds only: every numeric input of the API is an integer.</summary>
    private static decimal? Number(object? value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        _ => null,
    };

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Body schemas: each property takes the bounds of its rules in the type's validator.</summary>
    internal sealed class SchemaFilter(IServiceProvider services) : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema { Properties.Count: > 0 } model || ValidatorFor(services, context.Type) is not { } validator)
            {
                return;
            }

            foreach (var (rule, eachItem) in Rules(validator))
            {
                var property = model.Properties.FirstOrDefault(p => string.Equals(p.Key, rule.PropertyName, StringComparison.OrdinalIgnoreCase)).Value;
                if (property is OpenApiSchema target)
                {
                    ValidatorBounds.Apply(target, rule, eachItem);
                }
            }
        }
    }

    /// <summary>Query parameters of <c>[AsParameters]</c> records take their validator's bounds; route values take <see cref="Bounds"/>.</summary>
    internal sealed class OperationFilter(IServiceProvider services) : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var parameters = operation.Parameters?.OfType<OpenApiParameter>().ToList() ?? [];
            foreach (var parameter in parameters.Where(p => p.In == ParameterLocation.Path))
            {
                if (parameter.Schema is OpenApiSchema { Type: var type } schema && type.HasValue)
                {
                    if (type.Value.HasFlag(JsonSchemaType.Integer))
                    {
                        schema.Minimum = Text(Bounds.MinRouteNumber);
                        schema.Maximum = Text(int.MaxValue);
                    }
                    else if (type.Value.HasFlag(JsonSchemaType.String) && schema.Format is null)
                    {
                        schema.MaxLength = Bounds.MaxRouteText;
                    }
                }
            }

            // A scalar query value outside a record is an id, like an integer route value.
            foreach (var argument in context.MethodInfo?.GetParameters().Where(p => p.ParameterType == typeof(int)) ?? [])
            {
                var name = argument.GetCustomAttribute<FromQueryAttribute>() is { } query ? query.Name ?? argument.Name : null;
                if (parameters.FirstOrDefault(p => p.In == ParameterLocation.Query && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Schema is OpenApiSchema schema)
                {
                    schema.Minimum = Text(Bounds.MinRouteNumber);
                    schema.Maximum = Text(int.MaxValue);
                }
            }

            foreach (var argument in context.MethodInfo?.GetParameters().Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null) ?? [])
            {
                if (ValidatorFor(services, argument.ParameterType) is not { } validator)
                {
                    continue;
                }

                foreach (var (rule, eachItem) in Rules(validator))
                {
                    var property = rule.PropertyName is null ? null : argument.ParameterType.GetProperty(rule.PropertyName);
                    var name = property?.GetCustomAttribute<FromQueryAttribute>()?.Name ?? property?.Name;
                    if (parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Schema is OpenApiSchema target)
                    {
                        ValidatorBounds.Apply(target, rule, eachItem);
                    }
                }
            }
        }
    }
}
