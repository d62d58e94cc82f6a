using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>Folding: diacritics and case removed, đ as d, every folded character mapped back to its original.</summary>
public sealed class TextFoldingTests
{
    [TestCase("Bảo vệ AN NINH quốc gia", " bao ve an ninh quoc gia")]
    [TestCase("Đường dây nóng, Ðà Nẵng", " duong day nong, da nang")]
    [TestCase("Ứng cứu sự cố 😀 mạng", " ung cuu su co 😀 mang")]
    [TestCase("Phối hợp\u0301", " phoi hop")]
    public void Folds_vietnamese_the_same_every_time(string text, string expected)
    {
        // Twice: the second time the characters' folded forms are the kept ones.
        Assert.That(" " + TextFolding.Fold(text), Is.EqualTo(expected));
        Assert.That(" " + TextFolding.Fold(text), Is.EqualTo(expected));
    }

    [Test]
    public void Every_folded_character_points_at_the_character_it_came_from()
    {
        var map = TextFolding.Map("Ảnh 😀 đó");

        Assert.That(map.Folded, Is.EqualTo("anh 😀 do"));
        Assert.That(map.Origins, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 4, 6, 7, 8 }));
    }

    [Test]
    public void A_lone_surrogate_is_kept_as_it_is()
    {
        Assert.That(TextFolding.Fold("a\uD800b"), Is.EqualTo("a\uD800b"));
    }
}
