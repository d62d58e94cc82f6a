using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Infrastructure.Audit;

/// <summary>A record a response carries, named for the audit trail.</summary>
public readonly record struct ClassifiedRecord(string Type, string Id, Clearance Classification, int? RegulationId);

/// <summary>
/// A DTO that carries (data of) a classified record says which record it is; <see cref="ReadAudit"/> finds it in any
/// successful response of a GET and audits the read when the record is secret or above. Implemented explicitly, so it is
/// neither serialised nor in the OpenAPI document.
/// </summary>
public interface IClassifiedRecord
{
    ClassifiedRecord Audited { get; }
}

/// <summary>A result that writes its own read entry (exports count the rows they actually sent).</summary>
public interface IAuditsItsOwnReads;

/// <summary>Endpoint metadata: this GET cannot return classified data (declared explicitly; the read-audit test lists them).</summary>
public sealed class NoClassifiedData
{
    public static readonly NoClassifiedData Instance = new();

    private NoClassifiedData()
    {
    }
}

/// <summary>
/// Every read of secret or top-secret data is audited here, once per response, whatever the endpoint: an endpoint
/// filter on the whole API walks each successful GET result (and each create replayed from its Idempotency-Key) after its handler and appends ONE entry listing the
/// classified records it returns, in a short transaction of its own. A new endpoint cannot forget it; a DTO that
/// carries a classified record without saying so (<see cref="IClassifiedRecord"/>) fails the test that reads a secret
/// record through every GET operation.
/// </summary>
public static class ReadAudit
{
    private const int MaxDepth = 8;
    private static readonly Assembly Own = typeof(ReadAudit).Assembly;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Walkable = new();

    public static RouteGroupBuilder WithReadAudit(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            // A create answered again from its Idempotency-Key returns a stored record: a read of it.
            if (!(HttpMethods.IsGet(http.Request.Method) || Infrastructure.Http.Idempotency.IsReplay(http)) || Caller.From(http) is not { } caller)
            {
                return result;
            }

            var found = RecordsIn(result);
            if (found.Count > 0)
            {
                var operation = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? http.Request.Path.Value ?? "";
                var services = http.RequestServices;
                await services.GetRequiredService<AuditTrail>().RecordReadsAsync(
                    services.GetRequiredService<Infrastructure.Data.WriteScopes>(), caller, operation, found);
            }

            return result;
        });
        return group;
    }

    /// <summary>Declares that this GET cannot return classified data, so it is not walked and needs no read in the test.</summary>
    public static TBuilder ReturnsNoClassifiedData<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(NoClassifiedData.Instance);

    /// <summary>The secret and top-secret records in a successful result, each once, in the order met.</summary>
    public static IReadOnlyList<ClassifiedRecord> RecordsIn(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        if (result is IAuditsItsOwnReads
            || (result is IStatusCodeHttpResult { StatusCode: { } status } && (status < 200 || status > 299)))
        {
            return [];
        }

        var found = new List<ClassifiedRecord>();
        var seen = new HashSet<ClassifiedRecord>();
        Walk(result is IValueHttpResult value ? value.Value : result, found, seen, 0);
        return found;
    }

    private static void Walk(object? value, List<ClassifiedRecord> found, HashSet<ClassifiedRecord> seen, int depth)
    {
        if (value is null || value is string || depth > MaxDepth)
        {
            return;
        }

        if (value is IClassifiedRecord record && record.Audited.Classification >= Clearance.Secret && seen.Add(record.Audited))
        {
            found.Add(record.Audited);
        }

        if (value is IDictionary dictionary)
        {
            foreach (var item in dictionary.Values)
            {
                Walk(item, found, seen, depth + 1);
            }

            return;
        }

        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                Walk(item, found, seen, depth + 1);
            }

            return;
        }

        var type = value.GetType();
        if (type.Assembly != Own)
        {
            return;
        }

        foreach (var property in Walkable.GetOrAdd(type, PropertiesWorthWalking))
        {
            Walk(property.GetValue(value), found, seen, depth + 1);
        }
    }

    /// <summary>Properties that can hold a record: this API's own types and collections (not numbers, dates or text).</summary>
    private static PropertyInfo[] PropertiesWorthWalking(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && (
            p.PropertyType == typeof(object)
            || (p.PropertyType.Assembly == Own && !p.PropertyType.IsEnum)
            || (p.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(p.PropertyType)))),
    ];
}
