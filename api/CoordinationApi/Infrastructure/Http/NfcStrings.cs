using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// Every string a request body carries is stored in Unicode NFC. Vietnamese can arrive precomposed ("ộ") or
/// decomposed ("o" + U+0323 + U+0302), and the two look identical; normalising once, as the JSON is read, makes
/// uniqueness, length limits, idempotency hashes, search and comparison see one form whatever the client sent.
/// Text that is not valid Unicode (an unpaired surrogate) cannot be normalised and is refused as malformed.
/// </summary>
public sealed class NfcStringConverter : JsonConverter<string>
{
    /// <summary>The field error of a string holding a control character (NUL, ESC, ...): tabs and line breaks are text, the rest is not.</summary>
    public const string ControlCharacter = "Text may not contain control characters such as NUL; tabs and line breaks are allowed.";

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (value is null)
        {
            return null;
        }

        if (value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
        {
            throw new JsonException(ControlCharacter);
        }

        try
        {
            return value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            throw new JsonException("A string contains invalid Unicode (an unpaired surrogate).");
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
