using System.Reflection;
using CoordinationApi.Infrastructure.Http;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// What the validators require, in the document, beside their bounds (<see cref="ValidatorBounds"/>): a list that must not
/// be empty has <c>minItems: 1</c>, a list of distinct items <c>uniqueItems</c>, an e-mail
/// address <c>format: email</c>; a query value of an <c>[AsParameters]</c> record that must be given is
/// <c>required</c>. Only rules without a condition count: a rule applied "when" something holds is not always a
/// requirement.
/// </summary>
internal static class ValidatorRequirements
{
    private static void Apply(OpenApiSchema schema, IValidationRule rule, bool eachItem, Action? required = null)
    {
        foreach (var component in rule.Components)
        {
            // An e-mail rule applies "when an address is given": the format is the address's, whatever the condition.
            if (component.Validator is IEmailValidator)
            {
                (eachItem ? schema.Items as OpenApiSchema : schema)?.Format = "email";
                continue;
            }

            if (component.HasCondition || component.HasAsyncCondition)
            {
                continue;
            }

            if (component.Validator is IDistinctItemsValidator)
            {
                schema.UniqueItems = true;
                continue;
            }

            var target = eachItem ? schema.Items as OpenApiSchema : schema;
            if (target is null)
            {
                continue;
            }

            switch (component.Validator)
            {
                case INotEmptyValidator:
                    required?.Invoke();
                    if (target.Type is { } type && type.HasFlag(JsonSchemaType.Array))
                    {
                        target.MinItems = 1;
                    }

                    break;
                case INotNullValidator:
                    required?.Invoke();
                    break;
            }
        }
    }

    /// <summary>Body schemas: each property takes the requirements of its rules in the type's validator.</summary>
    internal sealed class SchemaFilter(IServiceProvider services) : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema { Properties.Count: > 0 } model || ValidatorBounds.ValidatorFor(services, context.Type) is not { } validator)
            {
                return;
            }

            foreach (var (rule, eachItem) in ValidatorBounds.Rules(validator))
            {
                var property = model.Properties.FirstOrDefault(p => string.Equals(p.Key, rule.PropertyName, StringComparison.OrdinalIgnoreCase)).Value;
                if (property is OpenApiSchema target)
                {
                    ValidatorRequirements.Apply(target, rule, eachItem);
                }
            }
        }
    }

    /// <summary>Query parameters of <c>[AsParameters]</c> records: required when their validator requires them.</summary>
    internal sealed class OperationFilter(IServiceProvider services) : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var parameters = operation.Parameters?.OfType<OpenApiParameter>().ToList() ?? [];
            foreach (var argument in context.MethodInfo?.GetParameters().Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null) ?? [])
            {
                if (ValidatorBounds.ValidatorFor(services, argument.ParameterType) is not { } validator)
                {
                    continue;
                }

                foreach (var (rule, eachItem) in ValidatorBounds.Rules(validator))
                {
                    var property = rule.PropertyName is null ? null : argument.ParameterType.GetProperty(rule.PropertyName);
                    var name = property?.GetCustomAttribute<FromQueryAttribute>()?.Name ?? property?.Name;
                    if (parameters.FirstOrDefault(p => p.In == ParameterLocation.Query && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Schema: OpenApiSchema target } parameter)
                    {
                        ValidatorRequirements.Apply(target, rule, eachItem, () => parameter.Required = true);
                    }
                }
            }
        }
    }
}
