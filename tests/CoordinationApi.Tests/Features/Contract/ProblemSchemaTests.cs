using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// The problem schemas say exactly what a problem holds: type, title, status and traceId required and never null, the
/// type one of the README's kinds, each extension member a kind carries documented, no other member allowed (so the
/// suite's response validator refuses an undocumented one), and every 400 with errors.
/// </summary>
public sealed class ProblemSchemaTests() : ApiTest("Sqlite")
{
    private static readonly string[] Always = ["type", "title", "status", "traceId"];

    private static readonly string[] Extensions = ["errors", "location", "currentStatus", "allowed", "allowedForYou", "draftNumber", "unevaluated"];

    [TestCase("ProblemDetails")]
    [TestCase("HttpValidationProblemDetails")]
    public async Task The_problem_schema_requires_what_is_always_sent_and_documents_every_extension(string name)
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var schema = document["components"]!["schemas"]![name]!.AsObject();
        var properties = schema["properties"]!.AsObject();
        var required = schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(required, Is.SupersetOf(name == "ProblemDetails" ? Always : [.. Always, "errors"]));
            Assert.That(schema["additionalProperties"]?.GetValue<bool>(), Is.False, "no undocumented member");
            Assert.That(properties.Select(p => p.Key), Is.SupersetOf(Extensions));
            foreach (var (member, property) in properties)
            {
                Assert.That(property!["nullable"]?.GetValue<bool>() ?? false, Is.False, $"{member} is never null");
                Assert.That(property["type"]?.ToString(), Does.Not.Contain("null"), $"{member} is never null");
            }

            var pattern = new System.Text.RegularExpressions.Regex(properties["type"]!["pattern"]!.GetValue<string>());
            Assert.That(ProblemTypes.Kinds.Select(k => k.Type), Has.All.Matches<string>(type => pattern.IsMatch(type!)), "every kind is a type the schema admits");
            Assert.That(pattern.IsMatch(ProblemTypes.Base + "made-up"), Is.False);
        });
    }
}
