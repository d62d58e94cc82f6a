using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// A handler takes its route, query and body values, the caller, one <c>[AsParameters]</c> services record and the
/// cancellation token (eShop's <c>CatalogServices</c>), not a row of injected services. Read from the endpoint data source,
/// so a new handler that grows a long list of parameters fails here. An <c>[AsParameters]</c> record counts as one parameter.
/// </summary>
public sealed class HandlerParameterTests() : ApiTest("Sqlite")
{
    /// <summary>
    /// The widest handler the shape allows: three route values (regulation, version, provision), a body, the caller, the
    /// services record and the cancellation token.
    /// </summary>
    private const int Limit = 7;

    /// <summary>
    /// Temporary: handlers of Tasks, Reviews, Dashboard and Exports that still take more than one service or more than
    /// <see cref="Limit"/> parameters on this branch; helper A refactors these. Empty the list once that work is merged: a
    /// name listed here that no longer breaks a rule fails the test too, so the list can only shrink.
    /// </summary>
    private sealed record Handler(string Name, int Parameters, int Services)
    {
        public override string ToString() => $"{Name} ({Parameters} parameters, {Services} services)";
    }

    private List<Handler> Handlers() =>
        [.. Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Method: e.Metadata.OfType<MethodInfo>().FirstOrDefault()))
            .Where(e => e.Method is not null)
            .GroupBy(e => e.Method!)
            .Select(g => Count(
                g.Select(e => e.Endpoint.Metadata.GetMetadata<EndpointNameMetadata>()?.EndpointName).FirstOrDefault(n => n is not null)
                    ?? $"{g.Key.DeclaringType?.Name}.{g.Key.Name}",
                g.Key))
            .OrderBy(h => h.Name, StringComparer.Ordinal)];

    /// <summary>A handler's parameters, and how many of them come from the container: a service, or a services record.</summary>
    private Handler Count(string name, MethodInfo method)
    {
        var isService = Factory.Services.GetRequiredService<IServiceProviderIsService>();
        return new Handler(name, method.GetParameters().Length, method.GetParameters().Count(p =>
            isService.IsService(p.ParameterType)
            || (p.GetCustomAttribute<AsParametersAttribute>() is not null && p.ParameterType.Name.EndsWith("Services", StringComparison.Ordinal))));
    }

    [Test]
    public void Every_handler_takes_at_most_one_services_record_and_few_parameters()
    {
        var handlers = Handlers();
        Assert.That(handlers, Has.Count.GreaterThan(50), "the handlers are found");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{handlers.Count} handlers: {handlers.Average(h => h.Parameters):0.00} parameters on average, at most {handlers.Max(h => h.Parameters)}"));
        foreach (var handler in handlers.OrderByDescending(h => h.Parameters).ThenBy(h => h.Name, StringComparer.Ordinal))
        {
            TestContext.Out.WriteLine($"  {handler.Parameters,2} {handler.Name} ({handler.Services} from services)");
        }

        var offending = handlers.Where(h => h.Parameters > Limit || h.Services > 1).ToList();
        Assert.That(offending.Select(h => h.ToString()), Is.Empty,
            $"handlers over {Limit} parameters or taking more than one service: group the services in one [AsParameters] record");
    }

    [Test]
    public void The_count_sees_a_services_record_as_one_and_each_service_taken_alone()
    {
        var handlers = Handlers().ToDictionary(h => h.Name);
        Assert.That(typeof(CoordinationApi.Features.RegulationText.RegulationTextServices).GetProperties(), Has.Length.GreaterThan(2));
        Assert.That(handlers["UpdateProvision"].Services, Is.EqualTo(1), "a services record is one, however many services it holds");
        Assert.That(handlers["GetMe"].Services, Is.Zero, "the caller is no service");
        var spread = Count(nameof(SpreadServices), typeof(HandlerParameterTests).GetMethod(nameof(SpreadServices), BindingFlags.NonPublic | BindingFlags.Static)!);
        Assert.That(spread, Is.EqualTo(new Handler(nameof(SpreadServices), 5, 3)), "services taken one by one are each counted");
    }

    /// <summary>The shape the first test refuses: services taken one by one.</summary>
    private static void SpreadServices(
        int id, CoordinationApi.Infrastructure.Data.DbConnectionFactory db, CoordinationApi.Infrastructure.Http.Cursors cursors, TimeProvider clock,
        CancellationToken cancellationToken) => _ = (id, db, cursors, clock, cancellationToken);
}
