using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// Marks a request body that replaces a resource (PUT) with the representation a GET of that resource answers, so a
/// client can take the GET body, change a field and send it back. The representation's members the request does not
/// have (ids, derived values, permissions) are its read-only members: the body may carry them, each is read as its
/// type (a wrong type is still a 400) and then ignored. Every other unknown member is refused, as strict binding says.
/// The document lists them in the request schema too, with their types, described and marked
/// (<c>x-accepted-and-ignored</c>) as accepted and ignored, and <c>readOnly</c> in the representation; the request's
/// members the representation does not carry are <c>writeOnly</c> (see <c>OpenApi.RoundTripSchemaFilter</c>).
/// </summary>
/// <param name="representation">The type a GET of the resource answers with.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RoundTripsAttribute(Type representation) : Attribute
{
    public Type Representation { get; } = representation;

    /// <summary>The representation's serialised members, by CLR property.</summary>
    public static IEnumerable<PropertyInfo> Members(Type representation) =>
        representation.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null);

    /// <summary>A contract modifier: the read-only members of the representation become members that are read and dropped.</summary>
    public static void AcceptReadOnlyMembers(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.GetCustomAttribute<RoundTripsAttribute>() is not { } roundTrips)
        {
            return;
        }

        var known = info.Properties.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in Members(roundTrips.Representation))
        {
            var name = info.Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;
            if (!known.Add(name))
            {
                continue;
            }

            var member = info.CreateJsonPropertyInfo(property.PropertyType, name);
            member.Set = static (_, _) => { };
            info.Properties.Add(member);
        }
    }
}
