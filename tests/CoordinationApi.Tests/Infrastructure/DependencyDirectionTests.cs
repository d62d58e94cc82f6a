using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// Shared mechanisms never reach into features: no type under <c>CoordinationApi.Infrastructure</c> refers to a type under
/// <c>CoordinationApi.Features</c>. Read from the compiled assembly (not the source text), so a global using or a fully
/// qualified name cannot hide a reference: base types and interfaces, generic constraints, attributes, fields, properties,
/// events, method signatures, locals, and every type, method and field a method body names (lambdas and async state
/// machines are nested types of their owner, so they count as it). What the compiler leaves no trace of cannot be seen: a
/// constant's value is copied where it is used, and a <c>nameof</c> is only text.
/// </summary>
public sealed class DependencyDirectionTests
{
    private const string Fixtures = "CoordinationApi.Tests.Infrastructure.DirectionFixtures";

    [Test]
    public void Infrastructure_refers_to_no_feature()
    {
        var api = typeof(DbConnectionFactory).Assembly.Location;
        Assert.That(References(api, "CoordinationApi.Infrastructure").Count(r => r.To.StartsWith("CoordinationApi.Infrastructure.", StringComparison.Ordinal)),
            Is.GreaterThan(100), "the reader sees Infrastructure's references to itself");
        var offenders = References(api, "CoordinationApi.Infrastructure")
            .Where(r => r.To.StartsWith("CoordinationApi.Features.", StringComparison.Ordinal))
            .Select(r => $"{r.From} -> {r.To}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(offenders, Is.Empty,
            "Infrastructure knows no feature: move what both need into Infrastructure, or let the feature register or call it (IFeature)");
    }

    [Test]
    public void The_reader_sees_every_kind_of_reference()
    {
        // Guards the guard: each type of the fixtures' "Feature" namespace is used by the "Shared" one in exactly one way.
        var assembly = typeof(DependencyDirectionTests).Assembly;
        var targets = assembly.GetTypes()
            .Where(t => t.Namespace == $"{Fixtures}.Feature" && !t.IsNested)
            .Select(t => t.FullName!)
            .ToList();
        Assert.That(targets, Has.Count.GreaterThanOrEqualTo(18));
        var seen = References(assembly.Location, $"{Fixtures}.Shared").Select(r => r.To).ToHashSet(StringComparer.Ordinal);
        Assert.That(targets.Where(t => !seen.Contains(t)), Is.Empty, "references the reader missed");
    }

    /// <summary>Every type a type of <paramref name="fromNamespace"/> (or one nested in it) refers to.</summary>
    private static List<(string From, string To)> References(string assemblyPath, string fromNamespace)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var found = new List<(string, string)>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var from = NameOf(reader, handle);
            if (!from.StartsWith(fromNamespace + ".", StringComparison.Ordinal))
            {
                continue;
            }

            var names = new TypeNames(reader);
            new TypeWalker(reader, pe, names).Walk(reader.GetTypeDefinition(handle));
            found.AddRange(names.Seen.Select(to => (from, to)));
        }

        return found;
    }

    /// <summary>Namespace and name; a nested type is named after the type it is nested in (<c>Outer+Inner</c>).</summary>
    private static string NameOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil
            ? Qualified(reader.GetString(type.Namespace), reader.GetString(type.Name))
            : $"{NameOf(reader, declaring)}+{reader.GetString(type.Name)}";
    }

    private static string NameOf(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? $"{NameOf(reader, (TypeReferenceHandle)type.ResolutionScope)}+{reader.GetString(type.Name)}"
            : Qualified(reader.GetString(type.Namespace), reader.GetString(type.Name));
    }

    private static string Qualified(string space, string name) => space.Length == 0 ? name : $"{space}.{name}";

    /// <summary>Decodes signatures, remembering the name of every type met (outermost name for a nested one).</summary>
    private sealed class TypeNames(MetadataReader reader) : ISignatureTypeProvider<string, object?>
    {
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public string Add(string name)
        {
            var plus = name.IndexOf('+', StringComparison.Ordinal);
            Seen.Add(plus < 0 ? name : name[..plus]);
            return name;
        }

        public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => Add(NameOf(metadata, handle));

        public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => Add(NameOf(metadata, handle));

        public string GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[*]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            $"{genericType}<{string.Join(',', typeArguments)}>";

        public string GetGenericMethodParameter(object? genericContext, int index) => $"!!{index}";

        public string GetGenericTypeParameter(object? genericContext, int index) => $"!{index}";

        public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
    }

    /// <summary>Visits everything a type definition declares and every token its method bodies hold.</summary>
    private sealed class TypeWalker(MetadataReader reader, PEReader pe, TypeNames names)
    {
        private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value, o => o.OperandType);

        public void Walk(TypeDefinition type)
        {
            if (!type.BaseType.IsNil)
            {
                Visit(type.BaseType);
            }

            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Visit(reader.GetInterfaceImplementation(implementation).Interface);
            }

            Constraints(type.GetGenericParameters());
            Attributes(type.GetCustomAttributes());
            foreach (var handle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(handle);
                field.DecodeSignature(names, null);
                Attributes(field.GetCustomAttributes());
            }

            foreach (var handle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(handle);
                property.DecodeSignature(names, null);
                Attributes(property.GetCustomAttributes());
            }

            foreach (var handle in type.GetEvents())
            {
                var declared = reader.GetEventDefinition(handle);
                Visit(declared.Type);
                Attributes(declared.GetCustomAttributes());
            }

            foreach (var handle in type.GetMethods())
            {
                Method(reader.GetMethodDefinition(handle));
            }
        }

        private void Method(MethodDefinition method)
        {
            method.DecodeSignature(names, null);
            Constraints(method.GetGenericParameters());
            Attributes(method.GetCustomAttributes());
            foreach (var parameter in method.GetParameters())
            {
                Attributes(reader.GetParameter(parameter).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                var code = (short)il.ReadByte();
                if (code == 0xFE)
                {
                    code = (short)(0xFE00 | il.ReadByte());
                }

                switch (Operands[code])
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType or OperandType.InlineSig:
                        Visit(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        il.Offset += 4 * il.ReadInt32();
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.ShortInlineR or OperandType.InlineString:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineNone:
                        break;
                    default:
                        throw new InvalidOperationException($"IL operand type {Operands[code]} is not read here.");
                }
            }
        }

        private void Visit(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    names.Add(NameOf(reader, (TypeDefinitionHandle)handle));
                    break;
                case HandleKind.TypeReference:
                    names.Add(NameOf(reader, (TypeReferenceHandle)handle));
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(names, null);
                    break;
                case HandleKind.MethodDefinition:
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    names.Add(NameOf(reader, method.GetDeclaringType()));
                    method.DecodeSignature(names, null);
                    break;
                case HandleKind.FieldDefinition:
                    var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                    names.Add(NameOf(reader, field.GetDeclaringType()));
                    field.DecodeSignature(names, null);
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    if (member.Parent.Kind != HandleKind.ModuleReference)
                    {
                        Visit(member.Parent);
                    }

                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(names, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(names, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Visit(specification.Method);
                    specification.DecodeSignature(names, null);
                    break;
                case HandleKind.StandaloneSignature:
                    reader.GetStandaloneSignature((StandaloneSignatureHandle)handle).DecodeMethodSignature(names, null);
                    break;
                default:
                    throw new InvalidOperationException($"A {handle.Kind} token is not read here.");
            }
        }

        private void Constraints(GenericParameterHandleCollection parameters)
        {
            foreach (var parameter in parameters)
            {
                foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
                {
                    Visit(reader.GetGenericParameterConstraint(constraint).Type);
                }
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var attribute in attributes)
            {
                Visit(reader.GetCustomAttribute(attribute).Constructor);
            }
        }
    }
}
