using System.Text.Json;

namespace CoordinationApi.Tests.Features.Robustness.HostileInput;

/// <summary>
/// Plausible values read from the demo data through the API: every scalar a response carried, by property name (items
/// of an array under the singular name), and the ids that path parameters take. Plausible values let generated
/// requests get past "not found" and reach the deeper rules, where the interesting failures are.
/// </summary>
public sealed class DemoValues
{
    /// <summary>Request field names whose plausible values responses carry under another name.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["to"] = "allowedTransition",
        ["role"] = "role",
        ["hostAgencyCode"] = "agencyCode",
        ["unitCode"] = "leadUnitCode",
        ["baselineReviewId"] = "reviewId",
    };

    private readonly Dictionary<string, HashSet<string>> byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string[]> pathValues = [];

    /// <summary>Raw JSON values seen under the property name (or its alias); empty when none.</summary>
    public string[] Values(string name) =>
        byName.TryGetValue(name, out var values) ? [.. values]
        : Aliases.TryGetValue(name, out var alias) && byName.TryGetValue(alias, out values) ? [.. values]
        : [];

    /// <summary>Valid values of a path parameter, keyed by the collection segment before it; fails for an unknown one.</summary>
    public string[] PathValues(string template, string parameter)
    {
        var segments = template.Split('/');
        var index = Array.IndexOf(segments, "{" + parameter + "}");
        var key = $"{segments[index - 1]}/{parameter}";
        return pathValues.TryGetValue(key, out var values) && values.Length > 0
            ? values
            : throw new InvalidOperationException(
                $"No demo values for path parameter '{parameter}' of {template} (key '{key}'). A new operation needs its path "
                + "parameters added to DemoValues.ReadAsync, so the hostile-input suite covers it.");
    }

    public void Collect(JsonElement element, string name = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, property.Name);
                }

                break;
            case JsonValueKind.Array:
                var singular = name.EndsWith('s') ? name[..^1] : name;
                foreach (var item in element.EnumerateArray().Take(40))
                {
                    Collect(item, singular);
                }

                break;
            case JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when name.Length > 0:
                var values = byName.TryGetValue(name, out var set) ? set : byName[name] = [];
                if (values.Count < 30 && element.GetRawText().Length < 200)
                {
                    values.Add(element.GetRawText());
                }

                break;
        }
    }

    public void SetPathValues(string key, IEnumerable<string> values) => pathValues[key] = [.. values.Distinct()];

    /// <summary>Reads lists and details of every kind of record as a coordinator and an admin.</summary>
    public static async Task<DemoValues> ReadAsync(Func<string, string, Task<JsonElement>> get, IReadOnlySet<string> fuzzingUsers, string fuzzingClientId)
    {
        var demo = new DemoValues();
        async Task<JsonElement> Read(string caller, string url)
        {
            var json = await get(caller, url);
            demo.Collect(json);
            return json;
        }

        static IEnumerable<JsonElement> Items(JsonElement json) =>
            json.ValueKind == JsonValueKind.Array ? json.EnumerateArray() : json.GetProperty("items").EnumerateArray();

        static string Id(JsonElement item, string name = "id") => item.GetProperty(name).ToString();

        const string coordinator = "mps.coordinator";
        var tasks = Items(await Read(coordinator, "/api/v1/tasks?limit=100")).Select(t => Id(t)).ToList();
        foreach (var id in tasks.Take(12))
        {
            await Read(coordinator, $"/api/v1/tasks/{id}");
        }

        var reviews = Items(await Read(coordinator, "/api/v1/reviews")).Select(r => Id(r)).ToList();
        await Read(coordinator, $"/api/v1/reviews/{reviews[0]}/evaluations");
        var regulations = Items(await Read(coordinator, "/api/v1/regulations")).Select(r => Id(r)).ToList();
        var versions = Items(await Read(coordinator, $"/api/v1/regulations/{regulations[0]}/versions")).Select(v => Id(v, "number")).ToList();
        await Read(coordinator, $"/api/v1/regulations/{regulations[0]}/text");
        var agencies = Items(await Read(coordinator, "/api/v1/agencies")).Select(a => a.GetProperty("code").GetString()!).ToList();
        foreach (var agency in agencies)
        {
            await Read(coordinator, $"/api/v1/agencies/{Uri.EscapeDataString(agency)}/units");
        }

        var units = new List<string>();
        foreach (var agency in agencies)
        {
            var pending = new Stack<JsonElement>(Items(await Read(coordinator, $"/api/v1/agencies/{Uri.EscapeDataString(agency)}/units")));
            while (pending.TryPop(out var unit))
            {
                units.Add(unit.GetProperty("code").GetString()!);
                foreach (var child in unit.GetProperty("children").EnumerateArray())
                {
                    pending.Push(child);
                }
            }
        }

        var persons = Items(await Read(coordinator, "/api/v1/persons?limit=100")).Select(p => p.GetProperty("key").GetString()!).ToList();
        var recognitions = Items(await Read(coordinator, "/api/v1/recognitions")).Select(r => Id(r)).ToList();
        var users = Items(await Read("mps.admin", "/api/v1/admin/users"))
            .Where(u => !fuzzingUsers.Contains(u.GetProperty("username").GetString()!)).Select(u => Id(u)).ToList();
        var clients = Items(await Read("mps.admin", "/api/v1/admin/api-clients"))
            .Select(c => c.GetProperty("id").GetString()!).Where(id => id != fuzzingClientId).ToList();

        var reports = new List<string>();
        foreach (var id in tasks.Take(12))
        {
            reports.AddRange(Items(await Read(coordinator, $"/api/v1/tasks/{id}/reports")).Select(r => Id(r)));
        }

        var comments = new List<string>();
        foreach (var (thread, ids) in new[] { ("tasks", tasks), ("reviews", reviews) })
        {
            foreach (var id in ids.Take(12))
            {
                comments.AddRange(Items(await Read(coordinator, $"/api/v1/{thread}/{id}/comments")).Select(c => Id(c)));
            }
        }

        // The coordinator's notifications (a notification of nobody's when there are none yet: a 404, documented).
        var notifications = Items(await Read(coordinator, "/api/v1/notifications?limit=20")).Select(n => Id(n)).ToList();
        demo.SetPathValues("notifications/id", notifications.Count > 0 ? notifications : ["1"]);
        var subscriptions = Items(await Read("api-key", "/api/v1/webhooks/subscriptions")).Select(s => Id(s)).ToList();
        var deliveries = Items(await Read("api-key", $"/api/v1/webhooks/subscriptions/{subscriptions[0]}/deliveries")).Select(d => Id(d)).ToList();

        demo.SetPathValues("subscriptions/id", subscriptions);
        demo.SetPathValues("deliveries/deliveryId", deliveries);
        demo.SetPathValues("tasks/id", tasks);
        demo.SetPathValues("reports/reportId", reports);
        demo.SetPathValues("evaluations/taskId", tasks);
        demo.SetPathValues("reviews/id", reviews);
        demo.SetPathValues("comments/commentId", comments);
        demo.SetPathValues("documents/kind", CoordinationApi.Features.Documents.OfficialDocuments.Kinds);
        demo.SetPathValues("regulations/id", regulations);
        demo.SetPathValues("regulations/regulationId", regulations);
        demo.SetPathValues("versions/number", versions);
        demo.SetPathValues("provisions/aknId", demo.Values("aknId").Select(v => JsonSerializer.Deserialize<string>(v)!));
        demo.SetPathValues("agencies/code", agencies);
        demo.SetPathValues("units/code", units);
        demo.SetPathValues("persons/key", persons);
        demo.SetPathValues("recognitions/id", recognitions);
        demo.SetPathValues("users/id", users);
        demo.SetPathValues("api-clients/id", clients);
        // The demo holds no evidence file: an id no file has (a 404, documented) still carries every hostile value.
        demo.SetPathValues("evidence/evidenceId", ["1"]);
        return demo;
    }
}
