using System.Text.RegularExpressions;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Comments;

/// <summary>
/// <c>@username</c> in a comment's body: the people it names who may read the comment (active, of a party agency, cleared
/// for its level, with a role that reads tasks or reviews). Anyone else named is left unmentioned, and the answer is the
/// same whether such a user exists or not, so a mention reveals nobody.
/// </summary>
internal static partial class Mentions
{
    /// <summary>At most this many distinct names of a body are looked up; the rest are plain text.</summary>
    public const int MaxPerComment = 50;

    /// <summary>The usernames a body names, lower-cased, in order, each once (a name followed by punctuation also without it).</summary>
    public static IReadOnlyList<string> NamedIn(string body)
    {
        var names = new List<string>();
        foreach (Match match in Mention().Matches(body))
        {
            var name = match.Groups["name"].Value.ToLowerInvariant();
            // "@mps.officer." at the end of a sentence names mps.officer.
            var trimmed = name.TrimEnd('.', '-', '_');
            foreach (var candidate in trimmed == name || trimmed.Length < 3 ? [name] : new[] { name, trimmed })
            {
                if (!names.Contains(candidate, StringComparer.Ordinal) && names.Count < MaxPerComment)
                {
                    names.Add(candidate);
                }
            }
        }

        return names;
    }

    /// <summary>The people of <paramref name="body"/> who may read a text of <paramref name="subject"/> at <paramref name="level"/>, by username.</summary>
    public static async Task<List<ReaderRow>> ResolveAsync(ReadScope scope, CommentSubject subject, int level, string body)
    {
        var names = NamedIn(body);
        if (names.Count == 0)
        {
            return [];
        }

        var readPolicy = subject.IsTask ? Access.TasksRead : Access.ReviewsRead;
        var readers = await scope.Connection.QueryAsync<ReaderRow>(CommentsSql.Readers(scope.Dialect),
            new { Usernames = SqlDialect.JsonList(names), Level = level, subject.RegulationId }, scope.Transaction);
        return
        [
            .. readers.Where(r => r.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Any(Access.RolesOf(readPolicy).Contains))
                .OrderBy(r => r.Username, StringComparer.Ordinal),
        ];
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9._@-])@(?<name>[A-Za-z0-9._-]{3,50})(?![A-Za-z0-9._-])")]
    private static partial Regex Mention();
}
