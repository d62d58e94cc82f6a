// Fixtures of DependencyDirectionTests.The_reader_sees_every_kind_of_reference: each type of the Feature namespace is used
// by the Shared namespace in exactly one way, so a way of referring to a type that the reader misses leaves one unseen.
#pragma warning disable CA1822, CS0169

namespace CoordinationApi.Tests.Infrastructure.DirectionFixtures.Feature
{
    internal class BaseType;

    internal interface IInterfaceType;

    internal sealed class FieldType;

    internal sealed class PropertyType;

    internal sealed class ParameterType;

    internal sealed class ReturnType;

    internal sealed class GenericArgumentType;

    internal static class CalledType
    {
        public static int Value() => 1;
    }

    internal sealed class ConstructedType;

    internal sealed class TypeOfType;

    internal sealed class GenericMethodArgumentType;

    [AttributeUsage(AttributeTargets.All)]
    internal sealed class MarkAttribute : Attribute;

    internal interface IConstraintType;

    internal interface IMethodConstraintType;

    internal static class LambdaType
    {
        public static int Value() => 2;
    }

    internal static class AsyncType
    {
        public static int Value() => 3;
    }

    internal static class StaticFieldType
    {
        public static readonly int Value = 4;
    }

    internal sealed class CastType;

    internal delegate void EventType();

    internal static class OuterType
    {
        internal sealed class Inner;
    }
}

namespace CoordinationApi.Tests.Infrastructure.DirectionFixtures.Shared
{
    internal sealed class Derives : Feature.BaseType;

    internal sealed class Implements : Feature.IInterfaceType;

    internal sealed class Declares
    {
        private readonly Feature.FieldType? stored;

        public event Feature.EventType? Happened;

        public Feature.PropertyType? Property { get; init; }

        public void Take(Feature.ParameterType parameter) => Happened?.Invoke();

        public Feature.ReturnType? Give() => null;

        public List<Feature.GenericArgumentType> Many() => [];
    }

    [Feature.Mark]
    internal sealed class Marked;

    internal sealed class Constrained<T>
        where T : Feature.IConstraintType;

    internal sealed class Uses
    {
        public static void Constrained<T>()
            where T : Feature.IMethodConstraintType
        {
        }

        public int Call() => Feature.CalledType.Value();

        public object Construct() => new Feature.ConstructedType();

        public Type Name() => typeof(Feature.TypeOfType);

        public object Instantiate() => Activator.CreateInstance<Feature.GenericMethodArgumentType>();

        public Func<int> Lambda() => () => Feature.LambdaType.Value() + Environment.ProcessorCount;

        public async Task<int> Later()
        {
            await Task.Yield();
            return Feature.AsyncType.Value();
        }

        public int Read() => Feature.StaticFieldType.Value;

        public bool Is(object value) => value is Feature.CastType;

        public object Nested() => new Feature.OuterType.Inner();
    }
}
