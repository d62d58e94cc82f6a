using System.Collections;
using System.Reflection;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// Every request body and query record an endpoint binds has a validator, and so has every record nested in a body
/// (a review conclusion's new tasks went unvalidated once, and answered 500s): read from the endpoint data source, so a
/// new endpoint or a new nested item without its validator fails here.
/// </summary>
public sealed class ValidatorCoverageTests() : ApiTest("Sqlite")
{
    [Test]
    public void Every_bound_request_and_every_nested_item_has_a_validator()
    {
        var api = typeof(Program).Assembly;
        var services = Factory.Services;
        var bound = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.OfType<MethodInfo>().Take(1).SelectMany(m => m.GetParameters()))
            .Where(p => p.ParameterType.Assembly == api && IsRequestRecord(p))
            .Select(p => p.ParameterType)
            .Distinct()
            .ToList();
        Assert.That(bound, Is.Not.Empty, "the endpoints bind request records");

        var types = new HashSet<Type>();
        foreach (var type in bound)
        {
            Collect(type, api, types);
        }

        Assert.That(types, Has.Count.GreaterThan(bound.Count), "nested items are found too");
        var missing = types.Where(t => services.GetService(typeof(IValidator<>).MakeGenericType(t)) is null)
            .Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        Assert.That(missing, Is.Empty, "request types without a validator");
    }

    /// <summary>A body (a record of the API that is not a service) or an [AsParameters] query record (not a services record).</summary>
    private bool IsRequestRecord(ParameterInfo parameter) =>
        (parameter.GetCustomAttribute<AsParametersAttribute>() is not null && !parameter.ParameterType.Name.EndsWith("Services", StringComparison.Ordinal))
        || (parameter.ParameterType.IsClass && Factory.Services.GetService(parameter.ParameterType) is null
            && parameter.ParameterType.Name.EndsWith("Request", StringComparison.Ordinal));

    /// <summary>The type and every record of the API it holds, directly or in a list.</summary>
    private static void Collect(Type type, Assembly api, HashSet<Type> found)
    {
        if (type.Assembly != api || !type.IsClass || !found.Add(type))
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var held = property.PropertyType;
            if (held != typeof(string) && typeof(IEnumerable).IsAssignableFrom(held) && held.IsGenericType)
            {
                held = held.GetGenericArguments()[^1];
            }

            Collect(held, api, found);
        }
    }
}
