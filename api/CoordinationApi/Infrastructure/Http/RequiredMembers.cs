using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// A member C# does not let be null (<c>bool Active</c>, <c>int Percent</c>, <c>string Narrative</c>) must be present in a
/// request body: leaving it out is a 400 naming it ("This field is required."), never a silent <c>false</c>, <c>0</c> or
/// <c>01/01/0001</c>. The OpenAPI document's <c>required</c> lists come from the same question
/// (<see cref="IsRequired"/>), so what the contract calls required is what binding enforces.
/// </summary>
public static class RequiredMembers
{
    /// <summary>The JSON type-info modifier: marks the members of the API's own types that cannot be null as required.</summary>
    public static void Apply(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.Assembly != typeof(RequiredMembers).Assembly
            || type.Type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false))
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            // Only what a request can set: a computed, get-only member of a response is never read from JSON.
            if (property.AttributeProvider is PropertyInfo info && (property.Set is not null || property.AssociatedParameter is not null) && IsRequired(info))
            {
                property.IsRequired = true;
            }
        }
    }

    /// <summary>Whether a member must be sent: its type is a value type other than <c>T?</c>, or a reference type declared without <c>?</c>.</summary>
    public static bool IsRequired(PropertyInfo property) =>
        property.PropertyType.IsValueType
            ? Nullable.GetUnderlyingType(property.PropertyType) is null
            : new NullabilityInfoContext().Create(property).ReadState != NullabilityState.Nullable;
}
