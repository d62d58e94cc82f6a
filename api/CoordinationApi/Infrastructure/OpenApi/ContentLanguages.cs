namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// The languages a text or document of the product comes in: Vietnamese (the authoritative text) and its English
/// rendering. One vocabulary for every <c>lang</c> that picks one of the two (an imported Word document, an official
/// document); the reader's <c>lang</c>, which also offers <c>both</c>, is its own.
/// </summary>
public static class ContentLanguages
{
    public const string Vietnamese = "vi";
    public const string English = "en";

    [VocabularyName("ContentLanguage")]
    public static readonly string[] All = [Vietnamese, English];
}
