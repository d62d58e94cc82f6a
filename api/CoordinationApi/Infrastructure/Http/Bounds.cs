using System.Collections;
using FluentValidation;
using FluentValidation.Validators;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// The bounds every input of the API keeps. FluentValidation enforces them (validators beside their requests, run by
/// <see cref="ValidationFilter"/>), and the OpenAPI document shows the same rules (<c>ValidatorBounds</c>), so a bound
/// is written once. Route values, which have no request record, are bounded here for every route, and so are the few
/// scalar query values outside a record.
/// </summary>
public static class Bounds
{
    /// <summary>Years a regulation, plan, review or award can concern: wide enough for any regulation, small enough to iterate.</summary>
    public const int MinYear = 1900;

    public const int MaxYear = 2100;

    /// <summary>At most this many years in one range (a summary, a report).</summary>
    public const int MaxYearSpan = 50;

    public static readonly DateOnly MinDate = new(MinYear, 1, 1);
    public static readonly DateOnly MaxDate = new(MaxYear, 12, 31);
    public static readonly DateTimeOffset MinInstant = new(MinYear, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset MaxInstant = new(MaxYear, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>Codes of agencies, units, statuses and the other vocabularies.</summary>
    public const int Code = 32;

    /// <summary>Names, actors, entity ids and other short free text.</summary>
    public const int Name = 200;

    /// <summary>
    /// An integer route value (or a scalar query value outside a request record) is an id or a number, 1 or more; its type
    /// keeps it within int32.
    /// </summary>
    public const int MinRouteNumber = 1;

    /// <summary>A string route value (an agency code, a provision's id) is at most this long.</summary>
    public const int MaxRouteText = 200;

    /// <summary>The field error of a route value out of its bounds, or null.</summary>
    public static string? RouteValueError(object? value) => value switch
    {
        int number when number < MinRouteNumber => $"Must be {MinRouteNumber} or more.",
        string text when text.Length > MaxRouteText => $"At most {MaxRouteText} characters.",
        _ => null,
    };

    public static IRuleBuilderOptions<T, int?> IsYear<T>(this IRuleBuilder<T, int?> rule) => rule.InclusiveBetween(MinYear, MaxYear);

    public static IRuleBuilderOptions<T, int> IsYear<T>(this IRuleBuilder<T, int> rule) => rule.InclusiveBetween(MinYear, MaxYear);

    public static IRuleBuilderOptions<T, DateOnly?> IsDate<T>(this IRuleBuilder<T, DateOnly?> rule) => rule.InclusiveBetween(MinDate, MaxDate);

    public static IRuleBuilderOptions<T, DateOnly> IsDate<T>(this IRuleBuilder<T, DateOnly> rule) => rule.InclusiveBetween(MinDate, MaxDate);

    public static IRuleBuilderOptions<T, DateTimeOffset?> IsInstant<T>(this IRuleBuilder<T, DateTimeOffset?> rule) =>
        rule.InclusiveBetween(MinInstant, MaxInstant);

    /// <summary>An id in a body or query: 1 to <see cref="int.MaxValue"/>.</summary>
    public static IRuleBuilderOptions<T, int> IsId<T>(this IRuleBuilder<T, int> rule) => rule.InclusiveBetween(1, int.MaxValue);

    public static IRuleBuilderOptions<T, int?> IsId<T>(this IRuleBuilder<T, int?> rule) => rule.InclusiveBetween(1, int.MaxValue);

    /// <summary>A list whose items are distinct (shown as <c>uniqueItems</c> in the OpenAPI document).</summary>
    public static IRuleBuilderOptions<T, TList> DistinctItems<T, TList>(this IRuleBuilder<T, TList> rule)
        where TList : IEnumerable? =>
        rule.SetValidator(new DistinctItemsValidator<T, TList>());

    /// <summary>A list of at most <paramref name="max"/> items (shown as <c>maxItems</c> in the OpenAPI document).</summary>
    public static IRuleBuilderOptions<T, TList> MaxItems<T, TList>(this IRuleBuilder<T, TList> rule, int max)
        where TList : IEnumerable? =>
        rule.SetValidator(new MaxItemsValidator<T, TList>(max));
}

/// <summary>Read by the OpenAPI document's filters: the list's largest size.</summary>
public interface IMaxItemsValidator
{
    int Max { get; }
}

public sealed class MaxItemsValidator<T, TList>(int max) : PropertyValidator<T, TList>, IMaxItemsValidator
    where TList : IEnumerable?
{
    public int Max => max;

    public override string Name => "MaxItemsValidator";

    public override bool IsValid(ValidationContext<T> context, TList value)
    {
        if (value is null)
        {
            return true;
        }

        var count = 0;
        foreach (var _ in value)
        {
            if (++count > max)
            {
                return false;
            }
        }

        return true;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) => $"At most {max} items.";
}

/// <summary>Read by the OpenAPI document's filters: the list's items are distinct (<c>uniqueItems</c>).</summary>
public interface IDistinctItemsValidator;

public sealed class DistinctItemsValidator<T, TList> : PropertyValidator<T, TList>, IDistinctItemsValidator
    where TList : IEnumerable?
{
    public override string Name => "DistinctItemsValidator";

    public override bool IsValid(ValidationContext<T> context, TList value)
    {
        if (value is null)
        {
            return true;
        }

        var items = value.Cast<object?>().ToList();
        return items.Distinct().Count() == items.Count;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) => "Give each value once.";
}
