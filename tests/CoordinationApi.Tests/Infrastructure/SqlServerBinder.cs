using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>A column of the schema the migrations create: its type as written, its length (-1 for MAX), its collation.</summary>
internal sealed record CatalogColumn(string Name, string Type, int? Length, string? Collation);

/// <summary>
/// The tables and columns database/sqlserver/*.sql creates, read with ScriptDom (CREATE TABLE, ALTER TABLE ADD, ALTER COLUMN,
/// DROP COLUMN), in migration order.
/// </summary>
internal sealed class SqlServerCatalog
{
    private readonly Dictionary<string, Dictionary<string, CatalogColumn>> tables = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, Dictionary<string, CatalogColumn>> Tables => tables;

    public static SqlServerCatalog FromScripts(IEnumerable<string> scripts)
    {
        var catalog = new SqlServerCatalog();
        foreach (var script in scripts)
        {
            foreach (var statement in SqlServerBinder.ParseOrThrow(script))
            {
                catalog.Apply(statement);
            }
        }

        return catalog;
    }

    public CatalogColumn Column(string table, string column) => tables[table][column];

    private void Apply(TSqlStatement statement)
    {
        switch (statement)
        {
            case CreateTableStatement create:
                var columns = new Dictionary<string, CatalogColumn>(StringComparer.OrdinalIgnoreCase);
                foreach (var definition in create.Definition.ColumnDefinitions)
                {
                    columns[definition.ColumnIdentifier.Value] = ToColumn(definition.ColumnIdentifier.Value, definition.DataType, definition.Collation);
                }

                tables[create.SchemaObjectName.BaseIdentifier.Value] = columns;
                break;
            case AlterTableAddTableElementStatement add:
                foreach (var definition in add.Definition.ColumnDefinitions)
                {
                    tables[add.SchemaObjectName.BaseIdentifier.Value][definition.ColumnIdentifier.Value] =
                        ToColumn(definition.ColumnIdentifier.Value, definition.DataType, definition.Collation);
                }

                break;
            case AlterTableAlterColumnStatement alter when alter.DataType is not null:
                tables[alter.SchemaObjectName.BaseIdentifier.Value][alter.ColumnIdentifier.Value] =
                    ToColumn(alter.ColumnIdentifier.Value, alter.DataType, alter.Collation);
                break;
            case AlterTableDropTableElementStatement drop:
                foreach (var element in drop.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
                {
                    tables[drop.SchemaObjectName.BaseIdentifier.Value].Remove(element.Name.Value);
                }

                break;
            case DropTableStatement dropTable:
                foreach (var name in dropTable.Objects)
                {
                    tables.Remove(name.BaseIdentifier.Value);
                }

                break;
        }
    }

    private static CatalogColumn ToColumn(string name, DataTypeReference type, Identifier? collation)
    {
        int? length = null;
        if (type is ParameterizedDataTypeReference { Parameters.Count: > 0 } parameterized)
        {
            length = parameterized.Parameters[0] is MaxLiteral ? -1 : int.TryParse(parameterized.Parameters[0].Value, out var n) ? n : null;
        }

        return new CatalogColumn(name, type.Name.BaseIdentifier.Value.ToUpperInvariant(), length, collation?.Value);
    }
}

/// <summary>
/// Binds T-SQL statements against a <see cref="SqlServerCatalog"/> the way SQL Server's algebrizer would, for the mistakes
/// a parser cannot see: an unknown table or column, an ambiguous unqualified column, an aggregate mixing an outer
/// reference with other columns (Msg 8124), ORDER BY in a subquery, derived table, CTE or view without TOP, OFFSET or
/// FOR XML (Msg 1033), a Dapper list expansion (<c>IN @List</c>: one parameter per element, and SQL Server takes at most
/// 2,100), OUTPUT without INTO (Msg 334 once a table has a trigger), and STRING_AGG of a non-MAX text (its result is
/// capped at 4,000 characters, Msg 9829).
/// </summary>
internal sealed partial class SqlServerBinder(SqlServerCatalog catalog)
{
    private static readonly HashSet<string> Aggregates = new(StringComparer.OrdinalIgnoreCase)
    {
        "SUM", "COUNT", "COUNT_BIG", "MIN", "MAX", "AVG", "STRING_AGG", "STDEV", "STDEVP", "VAR", "VARP", "CHECKSUM_AGG", "GROUPING",
    };

    /// <summary>The problems of one SQL text (one or more statements), as sentences naming the kind and the object.</summary>
    public IReadOnlyList<string> Check(string sql)
    {
        var problems = new List<string>();
        foreach (Match list in DapperList().Matches(sql))
        {
            problems.Add($"parameter list: IN @{list.Groups[1].Value} is expanded by Dapper into one parameter per element (SQL Server takes at most 2,100); pass a JSON array to the dialect's list instead");
        }

        var run = new Run(catalog, problems);
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(DapperList().Replace(sql, "IN (@$1_1, @$1_2)"));
        var script = (TSqlScript)parser.Parse(reader, out var errors);
        // ScriptDom itself refuses some binding rules (ORDER BY in a subquery without TOP, OFFSET or FOR XML: Msg 1033).
        problems.AddRange(errors.Select(e => $"does not parse (line {e.Line}): {e.Message}"));
        foreach (var statement in errors.Count == 0 ? script.Batches.SelectMany(b => b.Statements) : [])
        {
            run.Statement(statement);
        }

        return problems;
    }

    internal static IEnumerable<TSqlStatement> ParseOrThrow(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var script = (TSqlScript)parser.Parse(reader, out var errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Does not parse: " + string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}")));
        }

        return script.Batches.SelectMany(b => b.Statements);
    }

    [GeneratedRegex(@"IN\s+@(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex DapperList();

    /// <summary>A row source in a FROM clause: its exposed name and its columns (null when they cannot be known).</summary>
    private sealed record Source(string Name, IReadOnlyCollection<string>? Columns, string? Table = null)
    {
        public bool Has(string column) => Columns is null || Columns.Contains(column, StringComparer.OrdinalIgnoreCase);
    }

    private sealed class Scope(Scope? outer)
    {
        public Scope? Outer { get; } = outer;
        public List<Source> Sources { get; } = [];
        public Dictionary<string, IReadOnlyCollection<string>?> Ctes { get; } = new(StringComparer.OrdinalIgnoreCase);
        public IReadOnlyCollection<string> SelectAliases { get; set; } = [];

        public IReadOnlyCollection<string>? Cte(string name)
        {
            for (var scope = this; scope is not null; scope = scope.Outer)
            {
                if (scope.Ctes.TryGetValue(name, out var columns))
                {
                    return columns ?? [];
                }
            }

            return null;
        }
    }

    private sealed class Run(SqlServerCatalog catalog, List<string> problems)
    {
        private readonly Dictionary<string, IReadOnlyCollection<string>> tableVariables = new(StringComparer.OrdinalIgnoreCase);

        public void Statement(TSqlStatement statement)
        {
            switch (statement)
            {
                case SelectStatement select:
                    var scope = Ctes(select.WithCtesAndXmlNamespaces, null);
                    Query(select.QueryExpression, scope, topLevel: true);
                    break;
                case InsertStatement insert:
                    Insert(insert.InsertSpecification, Ctes(insert.WithCtesAndXmlNamespaces, null));
                    break;
                case UpdateStatement update:
                    Update(update.UpdateSpecification, Ctes(update.WithCtesAndXmlNamespaces, null));
                    break;
                case DeleteStatement delete:
                    Delete(delete.DeleteSpecification, Ctes(delete.WithCtesAndXmlNamespaces, null));
                    break;
                case DeclareTableVariableStatement declare:
                    tableVariables[declare.Body.VariableName.Value] = declare.Body.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value).ToList();
                    break;
                case DeclareVariableStatement declare:
                    foreach (var d in declare.Declarations.Where(d => d.Value is not null))
                    {
                        Expression(d.Value, new Scope(null), null);
                    }

                    break;
                case SetVariableStatement set when set.Expression is not null:
                    Expression(set.Expression, new Scope(null), null);
                    break;
                case IfStatement @if:
                    Expression(@if.Predicate, new Scope(null), null);
                    Statement(@if.ThenStatement);
                    if (@if.ElseStatement is not null)
                    {
                        Statement(@if.ElseStatement);
                    }

                    break;
                case BeginEndBlockStatement block:
                    foreach (var inner in block.StatementList.Statements)
                    {
                        Statement(inner);
                    }

                    break;
                case MergeStatement:
                    problems.Add("unsupported: MERGE is not bound by this check; write it as UPDATE and INSERT");
                    break;
            }
        }

        private Scope Ctes(WithCtesAndXmlNamespaces? with, Scope? outer)
        {
            var scope = new Scope(outer);
            foreach (var cte in with?.CommonTableExpressions ?? [])
            {
                var columns = Query(cte.QueryExpression, scope, topLevel: false, context: $"CTE {cte.ExpressionName.Value}");
                scope.Ctes[cte.ExpressionName.Value] = cte.Columns.Count > 0 ? cte.Columns.Select(c => c.Value).ToList() : columns;
            }

            return scope;
        }

        /// <summary>Binds a query and answers its output column names (null when unknown).</summary>
        private IReadOnlyCollection<string>? Query(QueryExpression query, Scope outer, bool topLevel, string context = "subquery")
        {
            if (!topLevel && query.OrderByClause is not null && query.OffsetClause is null && query.ForClause is not XmlForClause
                && !(query is QuerySpecification { TopRowFilter: not null }))
            {
                problems.Add($"ORDER BY in a {context} without TOP, OFFSET or FOR XML (Msg 1033)");
            }

            switch (query)
            {
                case QueryParenthesisExpression parenthesis:
                    return Query(parenthesis.QueryExpression, outer, topLevel, context);
                case BinaryQueryExpression binary:
                    var first = Query(binary.FirstQueryExpression, outer, topLevel: false, context);
                    Query(binary.SecondQueryExpression, outer, topLevel: false, context);
                    if (binary.OrderByClause is not null)
                    {
                        var orderScope = new Scope(outer) { SelectAliases = first ?? [] };
                        foreach (var element in binary.OrderByClause.OrderByElements)
                        {
                            Expression(element.Expression, orderScope, null, orderBy: true);
                        }
                    }

                    return first;
                case QuerySpecification spec:
                    return Specification(spec, outer);
                default:
                    return null;
            }
        }

        private List<string>? Specification(QuerySpecification spec, Scope outer)
        {
            var scope = new Scope(outer);
            foreach (var reference in spec.FromClause?.TableReferences ?? [])
            {
                scope.Sources.AddRange(TableReference(reference, scope));
            }

            var output = new List<string>();
            var known = true;
            foreach (var element in spec.SelectElements)
            {
                switch (element)
                {
                    case SelectScalarExpression scalar:
                        Expression(scalar.Expression, scope, spec);
                        var name = scalar.ColumnName?.Value ?? (scalar.Expression as ColumnReferenceExpression)?.MultiPartIdentifier?.Identifiers[^1].Value;
                        if (name is not null)
                        {
                            output.Add(name);
                        }

                        break;
                    case SelectStarExpression star:
                        var sources = star.Qualifier is null
                            ? scope.Sources
                            : scope.Sources.Where(s => s.Name.Equals(star.Qualifier.Identifiers[^1].Value, StringComparison.OrdinalIgnoreCase)).ToList();
                        if (star.Qualifier is not null && sources.Count == 0)
                        {
                            problems.Add($"unknown table alias {star.Qualifier.Identifiers[^1].Value} in {star.Qualifier.Identifiers[^1].Value}.*");
                        }

                        foreach (var source in sources)
                        {
                            if (source.Columns is null)
                            {
                                known = false;
                            }
                            else
                            {
                                output.AddRange(source.Columns);
                            }
                        }

                        break;
                    case SelectSetVariable set:
                        Expression(set.Expression, scope, spec);
                        break;
                }
            }

            if (spec.WhereClause?.SearchCondition is { } where)
            {
                Expression(where, scope, spec);
            }

            foreach (var group in spec.GroupByClause?.GroupingSpecifications ?? [])
            {
                if (group is ExpressionGroupingSpecification expression)
                {
                    Expression(expression.Expression, scope, spec);
                }
            }

            if (spec.HavingClause?.SearchCondition is { } having)
            {
                Expression(having, scope, spec);
            }

            if (spec.TopRowFilter?.Expression is { } top)
            {
                Expression(top, scope, spec);
            }

            if (spec.OrderByClause is not null)
            {
                scope.SelectAliases = output;
                foreach (var element in spec.OrderByClause.OrderByElements)
                {
                    Expression(element.Expression, scope, spec, orderBy: true);
                }
            }

            if (spec.OffsetClause is not null)
            {
                Expression(spec.OffsetClause.OffsetExpression, scope, spec);
                Expression(spec.OffsetClause.FetchExpression, scope, spec);
            }

            return known ? output : null;
        }

        /// <summary>The sources a FROM item exposes; <paramref name="scope"/> holds those to its left (seen by APPLY only).</summary>
        private List<Source> TableReference(TableReference reference, Scope scope, bool lateral = false)
        {
            switch (reference)
            {
                case NamedTableReference named:
                    var table = named.SchemaObject.BaseIdentifier.Value;
                    var alias = named.Alias?.Value ?? table;
                    if (named.SchemaObject.SchemaIdentifier is null && scope.Cte(table) is { } cteColumns)
                    {
                        return [new Source(alias, cteColumns)];
                    }

                    if (catalog.Tables.TryGetValue(table, out var columns))
                    {
                        return [new Source(alias, columns.Keys.ToList(), table)];
                    }

                    problems.Add($"unknown table {table}");
                    return [new Source(alias, null)];
                case VariableTableReference variable:
                    if (tableVariables.TryGetValue(variable.Variable.Name, out var variableColumns))
                    {
                        return [new Source(variable.Alias?.Value ?? variable.Variable.Name, variableColumns)];
                    }

                    problems.Add($"undeclared table variable {variable.Variable.Name}");
                    return [new Source(variable.Alias?.Value ?? variable.Variable.Name, null)];
                case QueryDerivedTable derived:
                    // A derived table sees the statement's outer scopes but not its siblings in FROM, unless it is APPLY's right side.
                    var derivedColumns = Query(derived.QueryExpression, lateral ? scope : Detached(scope), topLevel: false, context: "derived table");
                    return [new Source(derived.Alias.Value, derived.Columns.Count > 0 ? derived.Columns.Select(c => c.Value).ToList() : derivedColumns)];
                case InlineDerivedTable values:
                    foreach (var row in values.RowValues)
                    {
                        foreach (var value in row.ColumnValues)
                        {
                            Expression(value, Detached(scope), null);
                        }
                    }

                    return [new Source(values.Alias.Value, values.Columns.Select(c => c.Value).ToList())];
                case OpenJsonTableReference json:
                    Expression(json.Variable, scope, null);
                    var jsonColumns = json.SchemaDeclarationItems.Count > 0
                        ? json.SchemaDeclarationItems.Select(i => i.ColumnDefinition.ColumnIdentifier.Value).ToList()
                        : ["key", "value", "type"];
                    return [new Source(json.Alias?.Value ?? "openjson", jsonColumns)];
                case QualifiedJoin join:
                    var joined = TableReference(join.FirstTableReference, scope);
                    joined.AddRange(TableReference(join.SecondTableReference, scope));
                    var onScope = new Scope(scope.Outer);
                    onScope.Sources.AddRange(scope.Sources);
                    onScope.Sources.AddRange(joined);
                    CopyCtes(scope, onScope);
                    Expression(join.SearchCondition, onScope, null);
                    return joined;
                case UnqualifiedJoin unqualified:
                    var left = TableReference(unqualified.FirstTableReference, scope);
                    if (unqualified.UnqualifiedJoinType is UnqualifiedJoinType.CrossApply or UnqualifiedJoinType.OuterApply)
                    {
                        var applyScope = new Scope(scope.Outer);
                        CopyCtes(scope, applyScope);
                        applyScope.Sources.AddRange(scope.Sources);
                        applyScope.Sources.AddRange(left);
                        left.AddRange(TableReference(unqualified.SecondTableReference, applyScope, lateral: true));
                    }
                    else
                    {
                        left.AddRange(TableReference(unqualified.SecondTableReference, scope));
                    }

                    return left;
                case JoinParenthesisTableReference parenthesis:
                    return TableReference(parenthesis.Join, scope);
                case SchemaObjectFunctionTableReference function:
                    foreach (var parameter in function.Parameters)
                    {
                        Expression(parameter, scope, null);
                    }

                    return [new Source(function.Alias?.Value ?? function.SchemaObject.BaseIdentifier.Value, function.Columns.Count > 0 ? function.Columns.Select(c => c.Value).ToList() : null)];
                case GlobalFunctionTableReference global:
                    foreach (var parameter in global.Parameters)
                    {
                        Expression(parameter, scope, null);
                    }

                    var globalColumns = global.Name.Value.Equals("STRING_SPLIT", StringComparison.OrdinalIgnoreCase) ? new List<string> { "value", "ordinal" } : null;
                    return [new Source(global.Alias?.Value ?? global.Name.Value, globalColumns)];
                default:
                    problems.Add($"unsupported: table reference {reference.GetType().Name} is not bound by this check");
                    return [];
            }
        }

        /// <summary>The scope a subquery in FROM sees: its own statement's outer scopes and CTEs, none of its sibling sources.</summary>
        private static Scope Detached(Scope scope)
        {
            var detached = new Scope(scope.Outer);
            CopyCtes(scope, detached);
            return detached;
        }

        private static void CopyCtes(Scope from, Scope to)
        {
            foreach (var (name, columns) in from.Ctes)
            {
                to.Ctes[name] = columns;
            }
        }

        private void Insert(InsertSpecification insert, Scope scope)
        {
            var target = Target(insert.Target, scope);
            foreach (var column in insert.Columns)
            {
                var name = column.MultiPartIdentifier.Identifiers[^1].Value;
                if (!target.Has(name))
                {
                    problems.Add($"unknown column {target.Name}.{name}");
                }
            }

            switch (insert.InsertSource)
            {
                case ValuesInsertSource values:
                    foreach (var row in values.RowValues)
                    {
                        foreach (var value in row.ColumnValues)
                        {
                            Expression(value, scope, null);
                        }
                    }

                    break;
                case SelectInsertSource select:
                    Query(select.Select, scope, topLevel: true);
                    break;
            }

            Output(insert.OutputClause, insert.OutputIntoClause, target, null);
        }

        private void Update(UpdateSpecification update, Scope scope)
        {
            var statementScope = FromScope(update.FromClause, scope);
            var target = TargetIn(update.Target, statementScope);
            foreach (var set in update.SetClauses)
            {
                if (set is AssignmentSetClause assignment)
                {
                    if (assignment.Column is { } column && !target.Has(column.MultiPartIdentifier.Identifiers[^1].Value))
                    {
                        problems.Add($"unknown column {target.Name}.{column.MultiPartIdentifier.Identifiers[^1].Value}");
                    }

                    Expression(assignment.NewValue, statementScope, null);
                }
            }

            if (update.WhereClause?.SearchCondition is { } where)
            {
                Expression(where, statementScope, null);
            }

            Output(update.OutputClause, update.OutputIntoClause, target, target);
        }

        private void Delete(DeleteSpecification delete, Scope scope)
        {
            var statementScope = FromScope(delete.FromClause, scope);
            var target = TargetIn(delete.Target, statementScope);
            if (delete.WhereClause?.SearchCondition is { } where)
            {
                Expression(where, statementScope, null);
            }

            Output(delete.OutputClause, delete.OutputIntoClause, null, target);
        }

        private Scope FromScope(FromClause? from, Scope outer)
        {
            var scope = new Scope(outer.Outer);
            CopyCtes(outer, scope);
            foreach (var reference in from?.TableReferences ?? [])
            {
                scope.Sources.AddRange(TableReference(reference, scope));
            }

            return scope;
        }

        /// <summary>The target of an UPDATE or DELETE: an alias of its FROM clause, or a table of its own.</summary>
        private Source TargetIn(TableReference target, Scope scope)
        {
            if (target is NamedTableReference { SchemaObject.SchemaIdentifier: null } named
                && scope.Sources.FirstOrDefault(s => s.Name.Equals(named.SchemaObject.BaseIdentifier.Value, StringComparison.OrdinalIgnoreCase)) is { } aliased)
            {
                return aliased;
            }

            var source = Target(target, scope);
            if (scope.Sources.Count == 0)
            {
                scope.Sources.Add(source);
            }

            return source;
        }

        private Source Target(TableReference target, Scope scope) => TableReference(target, scope).FirstOrDefault() ?? new Source("?", null);

        private void Output(OutputClause? output, OutputIntoClause? into, Source? inserted, Source? deleted)
        {
            if (output is null && into is null)
            {
                return;
            }

            var scope = new Scope(null);
            if (inserted is not null)
            {
                scope.Sources.Add(inserted with { Name = "INSERTED" });
            }

            if (deleted is not null)
            {
                scope.Sources.Add(deleted with { Name = "DELETED" });
            }

            if (output is not null)
            {
                problems.Add("OUTPUT without INTO: SQL Server refuses it once the target table has an enabled trigger (Msg 334); use OUTPUT ... INTO a table variable");
            }

            foreach (var element in output?.SelectColumns ?? into!.SelectColumns)
            {
                if (element is SelectScalarExpression scalar)
                {
                    Expression(scalar.Expression, scope, null);
                }
            }

            if (into?.IntoTable is { } intoTable)
            {
                TableReference(intoTable, new Scope(null));
            }
        }

        /// <summary>Binds every column of an expression in <paramref name="scope"/>; subqueries bind with it as their outer scope.</summary>
        private void Expression(TSqlFragment? expression, Scope scope, QuerySpecification? spec, bool orderBy = false)
        {
            if (expression is null)
            {
                return;
            }

            var walker = new Walker();
            expression.Accept(walker);
            foreach (var column in walker.Columns)
            {
                Resolve(column, scope, orderBy);
            }

            foreach (var subquery in walker.Subqueries)
            {
                Query(subquery.QueryExpression, scope, topLevel: false);
            }

            foreach (var aggregate in walker.Aggregates)
            {
                Aggregate(aggregate, scope);
            }
        }

        private void Aggregate(FunctionCall aggregate, Scope scope)
        {
            var walker = new Walker();
            foreach (var parameter in aggregate.Parameters)
            {
                parameter.Accept(walker);
            }

            var levels = walker.Columns.Where(c => c.ColumnType == ColumnType.Regular && c.MultiPartIdentifier is not null).Select(c => (Column: c, Level: Level(c, scope))).Where(x => x.Level >= 0).ToList();
            if (levels.Any(x => x.Level > 0) && levels.Select(x => x.Column.MultiPartIdentifier.Identifiers[^1].Value + "@" + x.Level).Distinct().Count() > 1)
            {
                var text = string.Join(", ", levels.Select(x => string.Join('.', x.Column.MultiPartIdentifier.Identifiers.Select(i => i.Value))));
                problems.Add($"aggregate {aggregate.FunctionName.Value} mixes an outer reference with other columns ({text}) (Msg 8124)");
            }

            if (aggregate.FunctionName.Value.Equals("STRING_AGG", StringComparison.OrdinalIgnoreCase) && aggregate.Parameters.Count > 0
                && !IsMaxText(aggregate.Parameters[0], scope))
            {
                problems.Add("STRING_AGG of a text that is not NVARCHAR(MAX): its result stops at 4,000 characters (Msg 9829); CAST the argument AS NVARCHAR(MAX)");
            }
        }

        private bool IsMaxText(ScalarExpression expression, Scope scope)
        {
            if (expression is CastCall { DataType: ParameterizedDataTypeReference { Parameters: [MaxLiteral] } }
                or ConvertCall { DataType: ParameterizedDataTypeReference { Parameters: [MaxLiteral] } })
            {
                return true;
            }

            return expression is ColumnReferenceExpression column && Find(column, scope) is { Source.Table: { } table }
                && catalog.Column(table, column.MultiPartIdentifier.Identifiers[^1].Value).Length == -1;
        }

        /// <summary>How many scopes out the column binds (0: the query's own FROM), or -1 when it does not bind.</summary>
        private static int Level(ColumnReferenceExpression column, Scope scope) => Find(column, scope)?.Level ?? -1;

        private static (Source Source, int Level)? Find(ColumnReferenceExpression column, Scope scope)
        {
            var parts = column.MultiPartIdentifier.Identifiers;
            var name = parts[^1].Value;
            var level = 0;
            for (var s = scope; s is not null; s = s.Outer, level++)
            {
                var candidates = parts.Count >= 2
                    ? s.Sources.Where(src => src.Name.Equals(parts[^2].Value, StringComparison.OrdinalIgnoreCase)).ToList()
                    : s.Sources.Where(src => src.Has(name)).ToList();
                if (candidates.Count > 0)
                {
                    return (candidates[0], level);
                }
            }

            return null;
        }

        private void Resolve(ColumnReferenceExpression column, Scope scope, bool orderBy)
        {
            if (column.ColumnType != ColumnType.Regular || column.MultiPartIdentifier is null)
            {
                return;
            }

            var parts = column.MultiPartIdentifier.Identifiers;
            var name = parts[^1].Value;
            var text = string.Join('.', parts.Select(p => p.Value));
            if (parts.Count == 1 && orderBy && scope.SelectAliases.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return;
            }

            for (var s = scope; s is not null; s = s.Outer)
            {
                if (parts.Count >= 2)
                {
                    var source = s.Sources.FirstOrDefault(src => src.Name.Equals(parts[^2].Value, StringComparison.OrdinalIgnoreCase));
                    if (source is null)
                    {
                        continue;
                    }

                    if (!source.Has(name))
                    {
                        problems.Add($"unknown column {text}");
                    }

                    return;
                }

                var matches = s.Sources.Where(src => src.Has(name)).ToList();
                if (matches.Count > 1)
                {
                    problems.Add($"ambiguous column {name} (in {string.Join(", ", matches.Select(m => m.Name))})");
                    return;
                }

                if (matches.Count == 1)
                {
                    return;
                }
            }

            problems.Add(parts.Count >= 2 ? $"unknown table alias {parts[^2].Value} in {text}" : $"unknown column {text}");
        }
    }

    /// <summary>Collects an expression's own column references, aggregates and subqueries, without entering the subqueries.</summary>
    private sealed class Walker : TSqlFragmentVisitor
    {
        public List<ColumnReferenceExpression> Columns { get; } = [];
        public List<ScalarSubquery> Subqueries { get; } = [];
        public List<FunctionCall> Aggregates { get; } = [];

        public override void ExplicitVisit(ScalarSubquery node) => Subqueries.Add(node);

        public override void ExplicitVisit(ColumnReferenceExpression node) => Columns.Add(node);

        public override void ExplicitVisit(FunctionCall node)
        {
            if (node.CallTarget is null && SqlServerBinder.Aggregates.Contains(node.FunctionName.Value))
            {
                Aggregates.Add(node);
            }

            base.ExplicitVisit(node);
        }
    }
}
