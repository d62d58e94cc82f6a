using System.Globalization;
using CoordinationApi.Features.RegulationText;
using CoordinationApi.Infrastructure.Security;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace CoordinationApi.Features.Documents;

/// <summary>The top of an administrative document: who issues it, its number and symbol, place and date, type and title.</summary>
/// <param name="SuperiorAgency">The agency above the issuing office (written in upper case).</param>
/// <param name="IssuingOffice">The issuing office (bold upper case).</param>
/// <param name="Symbol">The symbol after the number: the type's abbreviation and the office's (<c>BC-VP</c>).</param>
/// <param name="Place">Where it is issued.</param>
/// <param name="Date">When.</param>
/// <param name="DocumentType">The document type (<c>BÁO CÁO</c>).</param>
/// <param name="Title">What it is about (one line or a few).</param>
/// <param name="Marking">The highest classification of what it holds: marked when confidential or above.</param>
internal sealed record Letterhead(
    string SuperiorAgency, string IssuingOffice, string Symbol, string Place, DateOnly Date, string DocumentType, string Title, Clearance Marking);

/// <summary>The signature block: the authority the signer signs for, their title, their full name.</summary>
internal sealed record SignatureBlock(string Authority, string? Title, string SignerName);

/// <summary>A series of a bar chart: its name, colour (RRGGBB) and one value per category.</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> Values);

/// <summary>A clustered bar chart: its title, categories (along the bottom) and series.</summary>
internal sealed record BarChartData(string Title, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series);

/// <summary>
/// Writes an administrative document laid out per Decree 30/2020/NĐ-CP (Appendix I): A4 portrait, margins top and bottom
/// 20–25 mm, left 30–35 mm, right 15–20 mm, Times New Roman; the issuing body and the national title and motto side by side
/// in a borderless table, each with a short rule under it; number and symbol; place and date in italics; the document type
/// and title centred in bold; a justified body with a first-line indent; recipients at the bottom left and the signature
/// block at the bottom right; page numbers from page 2, centred in the header. Charts are native DrawingML chart parts
/// whose values are cached in the part, so a reader without a spreadsheet (LibreOffice) draws them.
/// </summary>
internal sealed class OfficialDocument(string lang)
{
    public const string MediaType = DocxText.MediaType;
    public const string Font = "Times New Roman";
    public const int PageWidth = 11906;
    public const int PageHeight = 16838;

    /// <summary>22 mm.</summary>
    public const int MarginTop = 1247;

    /// <summary>20 mm.</summary>
    public const int MarginBottom = 1134;

    /// <summary>32 mm.</summary>
    public const int MarginLeft = 1814;

    /// <summary>17 mm.</summary>
    public const int MarginRight = 964;

    public const int TextWidth = PageWidth - MarginLeft - MarginRight;

    /// <summary>Font sizes in half points: the body 14 pt, the header 13 pt, the national title 12 pt, recipients 11 pt.</summary>
    public const int Body = 28;
    public const int HeaderSize = 26;
    public const int NationalTitle = 24;
    public const int RecipientsLabel = 24;
    public const int RecipientsSize = 22;
    public const int TableSize = 24;

    private const int FirstLineIndent = 567;
    private const int LeftColumn = 3800;
    private const int RightColumn = TextWidth - LeftColumn;
    private const string ChartUri = "http://schemas.openxmlformats.org/drawingml/2006/chart";

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    private readonly List<Func<MainDocumentPart, OpenXmlElement>> content = [];

    public bool English => lang == "en";

    /// <summary>The text in the document's language.</summary>
    public string T(string vi, string en) => English ? en : vi;

    public static string Upper(string text) => text.ToUpper(Vietnamese);

    /// <summary>A heading of the body (<c>I. KẾT QUẢ</c>): bold, indented like a paragraph.</summary>
    public void Heading(string text) => Add(Para(JustificationValues.Both, FirstLineIndent, 180, 60, keepNext: true, Text(text, Body, bold: true)));

    /// <summary>A paragraph of the body: justified, first line indented.</summary>
    public void Paragraph(string text) => Add(Para(JustificationValues.Both, FirstLineIndent, 120, 0, keepNext: false, Text(text, Body)));

    /// <summary>A paragraph that starts with a label in bold (<c>Thời gian:</c> …).</summary>
    public void Labelled(string label, string text) =>
        Add(Para(JustificationValues.Both, FirstLineIndent, 120, 0, keepNext: false, Text(label + " ", Body, bold: true), Text(text, Body)));

    /// <summary>A table with a header row (repeated on every page) and thin borders; widths in twips.</summary>
    public void Table(IReadOnlyList<string> headers, IReadOnlyList<int> widths, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table(
            new TableProperties(
                new TableWidth { Width = widths.Sum().ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableJustification { Val = TableRowAlignmentValues.Center },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                    new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
                new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid([.. widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })]));
        table.Append(Row(headers, widths, header: true));
        var any = false;
        foreach (var row in rows)
        {
            table.Append(Row(row, widths, header: false));
            any = true;
        }

        if (!any)
        {
            table.Append(Row([T("(không có)", "(none)"), .. Enumerable.Repeat("", widths.Count - 1)], widths, header: false));
        }

        Add(table);
        // A table is followed by a paragraph (Word needs one between two tables; it is also the space after it).
        Add(Para(JustificationValues.Left, null, 0, 0, keepNext: false));
    }

    /// <summary>A bar chart as a native chart part, its values cached in the part, the width of the text.</summary>
    public void Chart(BarChartData chart)
    {
        var number = (uint)content.Count + 1;
        content.Add(main => ChartParagraph(main, chart, number));
    }

    public byte[] Build(Letterhead head, IReadOnlyList<string> recipients, SignatureBlock signature)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            var settings = main.AddNewPart<DocumentSettingsPart>();
            settings.Settings = new Settings(new DefaultTabStop { Val = 720 }, new CharacterSpacingControl { Val = CharacterSpacingValues.DoNotCompress });
            var numbered = main.AddNewPart<HeaderPart>();
            numbered.Header = new Header(new Paragraph(
                new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                new SimpleField(Text("2", HeaderSize)) { Instruction = " PAGE " }));
            var first = main.AddNewPart<HeaderPart>();
            first.Header = new Header(new Paragraph());

            var body = new Body();
            body.Append(LetterheadTable(head));
            body.Append(Para(JustificationValues.Center, null, 360, 0, keepNext: true, Text(Upper(head.DocumentType), Body, bold: true)));
            foreach (var line in head.Title.Split('\n'))
            {
                body.Append(Para(JustificationValues.Center, null, 0, 0, keepNext: true, Text(line, Body, bold: true)));
            }

            body.Append(Rule(3300, 3300));
            foreach (var part in content)
            {
                body.Append(part(main));
            }

            body.Append(Para(JustificationValues.Left, null, 240, 0, keepNext: true));
            body.Append(ClosingTable(recipients, signature));
            body.Append(new SectionProperties(
                new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(numbered) },
                new HeaderReference { Type = HeaderFooterValues.First, Id = main.GetIdOfPart(first) },
                new PageSize { Width = PageWidth, Height = PageHeight, Orient = PageOrientationValues.Portrait },
                new PageMargin { Top = MarginTop, Right = MarginRight, Bottom = MarginBottom, Left = MarginLeft, Header = 567, Footer = 567, Gutter = 0 },
                new TitlePage()));
            main.Document = new Document(body);
            document.PackageProperties.Title = head.Title.Replace('\n', ' ');
            document.PackageProperties.Language = English ? "en-GB" : "vi-VN";
        }

        return stream.ToArray();
    }

    /// <summary>"Hà Nội, ngày 05 tháng 01 năm 2025" (days below 10, and January and February, with a leading zero) or "Hanoi, 5 January 2025".</summary>
    public string PlaceAndDate(string place, DateOnly date) => English
        ? string.Create(CultureInfo.InvariantCulture, $"{EnglishPlace(place)}, {date.Day} {date.ToString("MMMM", CultureInfo.InvariantCulture)} {date.Year}")
        : string.Create(CultureInfo.InvariantCulture, $"{place}, ngày {date.Day:00} tháng {(date.Month <= 2 ? date.Month.ToString("00", CultureInfo.InvariantCulture) : date.Month.ToString(CultureInfo.InvariantCulture))} năm {date.Year}");

    /// <summary>A date in running text.</summary>
    public string Date(DateOnly date) => English
        ? date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
        : date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>The classification marking: MẬT, TỐI MẬT, TUYỆT MẬT (Law on Protection of State Secrets), or none.</summary>
    public string? Marking(Clearance clearance) => clearance switch
    {
        Clearance.Confidential => T("MẬT", "CONFIDENTIAL"),
        Clearance.Secret => T("TỐI MẬT", "SECRET"),
        Clearance.TopSecret => T("TUYỆT MẬT", "TOP SECRET"),
        _ => null,
    };

    private static string EnglishPlace(string place) => place.Trim() switch
    {
        "Hà Nội" => "Hanoi",
        "Thành phố Hồ Chí Minh" or "TP. Hồ Chí Minh" => "Ho Chi Minh City",
        "Đà Nẵng" => "Da Nang",
        _ => place,
    };

    private void Add(OpenXmlElement element) => content.Add(_ => element);

    private Table LetterheadTable(Letterhead head)
    {
        var left = new List<OpenXmlElement>
        {
            Para(JustificationValues.Center, null, 0, 0, keepNext: true, Text(Upper(head.SuperiorAgency), HeaderSize)),
            Para(JustificationValues.Center, null, 0, 0, keepNext: true, Text(Upper(head.IssuingOffice), HeaderSize, bold: true)),
            Rule(1300, 1300),
            Para(JustificationValues.Center, null, 120, 0, keepNext: true,
                Text(string.Create(CultureInfo.InvariantCulture, $"{T("Số", "No.")}:       /{head.Symbol}"), HeaderSize)),
        };
        if (Marking(head.Marking) is { } marking)
        {
            left.Add(new Paragraph(
                new ParagraphProperties(
                    new ParagraphBorders(
                        new TopBorder { Val = BorderValues.Single, Size = 8, Space = 1 }, new LeftBorder { Val = BorderValues.Single, Size = 8, Space = 4 },
                        new BottomBorder { Val = BorderValues.Single, Size = 8, Space = 1 }, new RightBorder { Val = BorderValues.Single, Size = 8, Space = 4 }),
                    new SpacingBetweenLines { Before = "120", After = "0" },
                    new Indentation { Left = "750", Right = "750" },
                    new Justification { Val = JustificationValues.Center }),
                Text(marking, HeaderSize, bold: true)));
        }

        var right = new List<OpenXmlElement>
        {
            Para(JustificationValues.Center, null, 0, 0, keepNext: true, Text(T("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"), NationalTitle, bold: true)),
            Para(JustificationValues.Center, null, 0, 0, keepNext: true, Text(T("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"), HeaderSize, bold: true)),
            Rule(1150, 1150),
            Para(JustificationValues.Center, null, 120, 0, keepNext: true, Text(PlaceAndDate(head.Place, head.Date), HeaderSize, italic: true)),
        };
        return Borderless((LeftColumn, left), (RightColumn, right));
    }

    private Table ClosingTable(IReadOnlyList<string> recipients, SignatureBlock signature)
    {
        var left = new List<OpenXmlElement>
        {
            Para(JustificationValues.Left, null, 0, 0, keepNext: true, Text(T("Nơi nhận:", "Recipients:"), RecipientsLabel, bold: true, italic: true)),
        };
        left.AddRange(recipients.Select((r, i) => (OpenXmlElement)Para(JustificationValues.Left, null, 0, 0, keepNext: true,
            Text($"- {r}{(i == recipients.Count - 1 ? "." : ";")}", RecipientsSize))));
        var right = new List<OpenXmlElement>
        {
            Para(JustificationValues.Center, null, 0, 0, keepNext: true, Text(Upper(signature.Authority), Body, bold: true)),
        };
        if (signature.Title is { Length: > 0 } title)
        {
            right.Add(Para(JustificationValues.Center, null, 0, 0, keepNext: true, Text(Upper(title), Body, bold: true)));
        }

        // The space where the document is signed (and sealed).
        for (var i = 0; i < 4; i++)
        {
            right.Add(Para(JustificationValues.Center, null, 0, 0, keepNext: true));
        }

        right.Add(Para(JustificationValues.Center, null, 0, 0, keepNext: false, Text(signature.SignerName, Body, bold: true)));
        return Borderless((TextWidth / 2, left), (TextWidth - TextWidth / 2, right));
    }

    private static Table Borderless(params (int Width, List<OpenXmlElement> Content)[] columns)
    {
        var table = new Table(
            new TableProperties(
                new TableWidth { Width = columns.Sum(c => c.Width).ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableBorders(
                    new TopBorder { Val = BorderValues.None }, new LeftBorder { Val = BorderValues.None }, new BottomBorder { Val = BorderValues.None },
                    new RightBorder { Val = BorderValues.None }, new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None }),
                new TableLayout { Type = TableLayoutValues.Fixed },
                new TableCellMarginDefault(
                    new TableCellLeftMargin { Width = 0, Type = TableWidthValues.Dxa }, new TableCellRightMargin { Width = 0, Type = TableWidthValues.Dxa })),
            new TableGrid([.. columns.Select(c => new GridColumn { Width = c.Width.ToString(CultureInfo.InvariantCulture) })]));
        var row = new TableRow(new TableRowProperties(new CantSplit()));
        foreach (var (width, cellContent) in columns)
        {
            var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }));
            cell.Append(cellContent);
            row.Append(cell);
        }

        table.Append(row);
        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, IReadOnlyList<int> widths, bool header)
    {
        var row = new TableRow(header ? new TableRowProperties(new CantSplit(), new TableHeader()) : new TableRowProperties(new CantSplit()));
        for (var i = 0; i < widths.Count; i++)
        {
            var text = i < cells.Count ? cells[i] : "";
            var cell = new TableCell(new TableCellProperties(
                new TableCellWidth { Width = widths[i].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }));
            foreach (var line in text.Split('\n'))
            {
                // Headers, row numbers and figures centred; text to the left.
                var centred = header || i == 0 || (line.Length is > 0 and <= 24 && char.IsDigit(line[0]));
                cell.Append(Para(centred ? JustificationValues.Center : JustificationValues.Left, null, 40, 40, keepNext: false,
                    Text(line, TableSize, bold: header)));
            }

            row.Append(cell);
        }

        return row;
    }

    /// <summary>A short rule: an empty paragraph with a bottom border, indented so it is as long as the text above it.</summary>
    private static Paragraph Rule(int left, int right) => new(new ParagraphProperties(
        new KeepNext(),
        new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 6, Space = 1 }),
        new SpacingBetweenLines { Before = "0", After = "0", Line = "60", LineRule = LineSpacingRuleValues.Exact },
        new Indentation { Left = left.ToString(CultureInfo.InvariantCulture), Right = right.ToString(CultureInfo.InvariantCulture) },
        new ParagraphMarkRunProperties(new FontSize { Val = "4" })));

    private static Paragraph Para(JustificationValues justification, int? firstLine, int before, int after, bool keepNext, params Run[] runs)
    {
        var properties = new ParagraphProperties();
        if (keepNext)
        {
            properties.Append(new KeepNext());
        }

        properties.Append(new SpacingBetweenLines
        {
            Before = before.ToString(CultureInfo.InvariantCulture), After = after.ToString(CultureInfo.InvariantCulture), Line = "276", LineRule = LineSpacingRuleValues.Auto,
        });
        if (firstLine is { } indent)
        {
            properties.Append(new Indentation { FirstLine = indent.ToString(CultureInfo.InvariantCulture) });
        }

        properties.Append(new Justification { Val = justification });
        var paragraph = new Paragraph(properties);
        paragraph.Append(runs);
        return paragraph;
    }

    private static Run Text(string text, int size, bool bold = false, bool italic = false)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Append(new Bold(), new BoldComplexScript());
        }

        if (italic)
        {
            properties.Append(new Italic(), new ItalicComplexScript());
        }

        properties.Append(
            new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) },
            new FontSizeComplexScript { Val = size.ToString(CultureInfo.InvariantCulture) });
        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private Styles Styles() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font },
                new FontSize { Val = Body.ToString(CultureInfo.InvariantCulture) },
                new FontSizeComplexScript { Val = Body.ToString(CultureInfo.InvariantCulture) },
                new Languages { Val = English ? "en-GB" : "vi-VN", EastAsia = "vi-VN" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                new SpacingBetweenLines { After = "0", Line = "276", LineRule = LineSpacingRuleValues.Auto }))),
        new Style(
            new StyleName { Val = "Normal" },
            new PrimaryStyle(),
            new StyleRunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font }))
        {
            Type = StyleValues.Paragraph, StyleId = "Normal", Default = true,
        });

    private Paragraph ChartParagraph(MainDocumentPart main, BarChartData data, uint number)
    {
        var part = main.AddNewPart<ChartPart>();
        part.ChartSpace = ChartSpace(data);
        const long Width = TextWidth * 635L;
        const long Height = 3_200_000L;
        var inline = new DW.Inline(
            new DW.Extent { Cx = Width, Cy = Height },
            new DW.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DW.DocProperties { Id = number, Name = string.Create(CultureInfo.InvariantCulture, $"Chart {number}"), Description = data.Title },
            new DW.NonVisualGraphicFrameDrawingProperties(),
            new A.Graphic(new A.GraphicData(new C.ChartReference { Id = main.GetIdOfPart(part) }) { Uri = ChartUri }))
        {
            DistanceFromTop = 0, DistanceFromBottom = 0, DistanceFromLeft = 0, DistanceFromRight = 0,
        };
        return new Paragraph(
            new ParagraphProperties(new SpacingBetweenLines { Before = "120", After = "120" }, new Justification { Val = JustificationValues.Center }),
            new Run(new Drawing(inline)));
    }

    private C.ChartSpace ChartSpace(BarChartData data)
    {
        var bar = new C.BarChart(
            new C.BarDirection { Val = C.BarDirectionValues.Column },
            new C.BarGrouping { Val = C.BarGroupingValues.Clustered },
            new C.VaryColors { Val = false });
        var count = (uint)data.Categories.Count;
        var lastRow = count + 1;
        for (var s = 0; s < data.Series.Count; s++)
        {
            var series = data.Series[s];
            var column = (char)('B' + s);
            var categories = new C.StringCache(new C.PointCount { Val = count });
            categories.Append(data.Categories.Select((c, i) => new C.StringPoint(new C.NumericValue(c)) { Index = (uint)i }));
            var values = new C.NumberingCache(new C.FormatCode("General"), new C.PointCount { Val = count });
            values.Append(series.Values.Select((v, i) => new C.NumericPoint(new C.NumericValue(v.ToString(CultureInfo.InvariantCulture))) { Index = (uint)i }));
            bar.Append(new C.BarChartSeries(
                new C.Index { Val = (uint)s },
                new C.Order { Val = (uint)s },
                new C.SeriesText(new C.StringReference(
                    new C.Formula($"Sheet1!${column}$1"),
                    new C.StringCache(new C.PointCount { Val = 1 }, new C.StringPoint(new C.NumericValue(series.Name)) { Index = 0 }))),
                new C.ChartShapeProperties(new A.SolidFill(new A.RgbColorModelHex { Val = series.Color })),
                new C.InvertIfNegative { Val = false },
                new C.CategoryAxisData(new C.StringReference(new C.Formula($"Sheet1!$A$2:$A${lastRow}"), categories)),
                new C.Values(new C.NumberReference(new C.Formula($"Sheet1!${column}$2:${column}${lastRow}"), values))));
        }

        bar.Append(
            new C.DataLabels(
                new C.ShowLegendKey { Val = false }, new C.ShowValue { Val = true }, new C.ShowCategoryName { Val = false },
                new C.ShowSeriesName { Val = false }, new C.ShowPercent { Val = false }, new C.ShowBubbleSize { Val = false }),
            new C.GapWidth { Val = 80 },
            new C.AxisId { Val = 50010 },
            new C.AxisId { Val = 50020 });

        var categoryAxis = new C.CategoryAxis(
            new C.AxisId { Val = 50010 },
            new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
            new C.Delete { Val = false },
            new C.AxisPosition { Val = C.AxisPositionValues.Bottom },
            new C.NumberingFormat { FormatCode = "General", SourceLinked = false },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            new C.CrossingAxis { Val = 50020 },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.AutoLabeled { Val = true },
            new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
            new C.LabelOffset { Val = 100 },
            new C.NoMultiLevelLabels { Val = false });
        var valueAxis = new C.ValueAxis(
            new C.AxisId { Val = 50020 },
            new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
            new C.Delete { Val = false },
            new C.AxisPosition { Val = C.AxisPositionValues.Left },
            new C.MajorGridlines(new C.ChartShapeProperties(new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "D9D9D9" })))),
            new C.NumberingFormat { FormatCode = "General", SourceLinked = false },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            new C.CrossingAxis { Val = 50010 },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.CrossBetween { Val = C.CrossBetweenValues.Between });

        var title = new C.Title(
            new C.ChartText(new C.RichText(
                new A.BodyProperties(),
                new A.ListStyle(),
                new A.Paragraph(
                    new A.ParagraphProperties(new A.DefaultRunProperties { FontSize = 1200, Bold = true }),
                    new A.Run(new A.RunProperties { Language = English ? "en-GB" : "vi-VN", FontSize = 1200, Bold = true }, new A.Text(data.Title))))),
            new C.Overlay { Val = false });

        var space = new C.ChartSpace(
            new C.Date1904 { Val = false },
            new C.EditingLanguage { Val = English ? "en-GB" : "vi-VN" },
            new C.RoundedCorners { Val = false },
            new C.Chart(
                title,
                new C.AutoTitleDeleted { Val = false },
                new C.PlotArea(new C.Layout(), bar, categoryAxis, valueAxis),
                new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }),
                new C.PlotVisibleOnly { Val = true },
                new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap }),
            new C.TextProperties(
                new A.BodyProperties(),
                new A.ListStyle(),
                new A.Paragraph(
                    new A.ParagraphProperties(new A.DefaultRunProperties(new A.LatinFont { Typeface = Font }, new A.ComplexScriptFont { Typeface = Font }) { FontSize = 1100 }),
                    new A.EndParagraphRunProperties { Language = English ? "en-GB" : "vi-VN" })));
        space.AddNamespaceDeclaration("c", "http://schemas.openxmlformats.org/drawingml/2006/chart");
        space.AddNamespaceDeclaration("a", "http://schemas.openxmlformats.org/drawingml/2006/main");
        space.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        return space;
    }
}
