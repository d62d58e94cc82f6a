using CoordinationApi.Infrastructure.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// The features are the one list in <c>Program.cs</c>: each feature folder has exactly one <see cref="IFeature"/>, the
/// running API lists every one of them once, and every feature endpoint it serves belongs to a listed feature.
/// </summary>
public sealed class CompositionRootTests
{
    private static readonly Type[] ApiTypes = typeof(IFeature).Assembly.GetTypes();

    private static IEnumerable<string> FeatureNamespaces() => ApiTypes
        .Select(t => t.Namespace)
        .OfType<string>()
        .Where(n => n.StartsWith("CoordinationApi.Features.", StringComparison.Ordinal))
        .Distinct()
        .Order(StringComparer.Ordinal);

    private static List<Type> Implementations() =>
        [.. ApiTypes.Where(t => typeof(IFeature).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })];

    [Test]
    public void Every_feature_folder_has_one_feature_module()
    {
        var namespaces = FeatureNamespaces().ToList();
        Assert.That(namespaces, Has.Count.GreaterThanOrEqualTo(14), "the feature folders are found");
        var implementations = Implementations();
        Assert.That(namespaces.Where(n => implementations.Count(t => t.Namespace == n) != 1), Is.Empty,
            "a feature folder without exactly one <Name>Feature : IFeature");
        Assert.That(implementations.Where(t => !t.Name.EndsWith("Feature", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void The_api_lists_every_feature_once_and_serves_only_their_endpoints()
    {
        using var factory = new ApiFactory();
        var listed = factory.Services.GetServices<IFeature>().Select(f => f.GetType()).ToList();
        Assert.That(listed, Is.Unique);
        Assert.That(listed, Is.EquivalentTo(Implementations()), "Program.cs lists each IFeature (builder.AddFeatures)");

        var owners = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<System.Reflection.MethodInfo>()?.DeclaringType)
            .OfType<Type>()
            .Select(t => t.IsNested ? t.DeclaringType! : t)
            .Where(t => t.Namespace?.StartsWith("CoordinationApi.Features.", StringComparison.Ordinal) == true)
            .Select(t => t.Namespace!)
            .Distinct()
            .ToList();
        Assert.That(owners, Has.Count.GreaterThanOrEqualTo(10), "the endpoints' handlers are found");
        Assert.That(owners.Except(listed.Select(t => t.Namespace!)), Is.Empty, "an endpoint whose handler is in no listed feature");
    }
}
