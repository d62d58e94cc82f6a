using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// An edit that changes nothing writes nothing (a GET body sent back as it is): the handler makes its change in its write
/// scope, reads back what it wrote and, when <see cref="Between"/> finds it the same as what was stored, answers the stored
/// representation under its old ETag and leaves the scope uncommitted (rolled back when disposed). The row version, the
/// ETag, <c>updatedAt</c>, the change feeds, the audit trail and any parent's version then stay as they were.
/// </summary>
public static class NoChange
{
    /// <summary>Members a write changes by itself, whatever the request says.</summary>
    private static readonly string[] Volatile = ["rowVersion", "updatedAt"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Whether <paramref name="after"/> (read back in the write) is <paramref name="before"/>, its row version and change time aside.</summary>
    public static bool Between<T>(T before, T after)
        where T : class =>
        JsonNode.DeepEquals(Stable(before), Stable(after));

    private static JsonNode? Stable<T>(T value)
        where T : class
    {
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), Json);
        if (node is JsonObject members)
        {
            foreach (var name in Volatile)
            {
                members.Remove(name);
            }
        }

        return node;
    }
}
