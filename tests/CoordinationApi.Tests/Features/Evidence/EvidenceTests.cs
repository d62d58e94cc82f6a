using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using CoordinationApi.Features.Evidence;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TaskApi = CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Evidence;

/// <summary>
/// Evidence files (issue 19, part 6) through HTTP: every accepted kind against bodies that are not what they say (refused
/// with a 415 problem, no file and no row left), every demo user against a file of every classification (a download or a
/// 404, as their clearance says), hashes, names and digests, audited downloads, the request limits raised for these routes
/// only, idempotent uploads, the minutes' files and the manifest in the exports.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class EvidenceTests(string provider) : RegulationTextTest(provider, new Dictionary<string, string?>
{
    ["Evidence:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["Evidence:MaxUnpackedBytes"] = MaxUnpackedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
})
{
    /// <summary>Above the API's 1 MiB body limit (Http:MaxRequestBodyBytes), so these routes prove it is raised for them alone.</summary>
    private const long MaxBytes = 3_000_000;

    /// <summary>Lowered from 512 MiB so a file under <see cref="MaxBytes"/> can pass it.</summary>
    private const long MaxUnpackedBytes = 20_000_000;

    private static readonly string[] DemoUsers =
    [
        "mps.admin", "mps.coordinator", "mps.officer", "mps.viewer", "mps.auditor", "mps.registry_admin",
        "mic.admin", "mic.coordinator", "mic.officer", "mic.viewer", "mic.auditor", "mic.registry_admin",
    ];

    private static readonly string[] Classifications = ["unclassified", "confidential", "secret", "top-secret"];

    /// <summary>Per classification: a task in progress (lead MPS-A05, counterpart MIC-ATTT), its report, and a PDF on that report.</summary>
    private readonly Dictionary<string, (int TaskId, int ReportId, int EvidenceId, byte[] Bytes)> classified = [];

    private int reviewId;
    private int hiddenReviewId;

    private EvidenceStore Store => Factory.Services.GetRequiredService<EvidenceStore>();

    [OneTimeSetUp]
    public async Task MakeReportsOfEveryClassification()
    {
        var coordinator = As("mps.coordinator");
        foreach (var classification in Classifications)
        {
            var topSecret = classification == "top-secret";
            var taskId = await TaskApi.Create(coordinator, TaskApi.NewTask($"Evidence {classification} {Guid.NewGuid():N}", classification: classification),
                topSecret ? "assigned" : "in_progress", As("mps.officer"));
            if (topSecret)
            {
                // No officer of the lead unit is cleared for top secret to start it: the operator does.
                await Execute("UPDATE tasks SET status = 'in_progress', row_version = row_version + 1 WHERE id = @Id;", new { Id = taskId });
            }

            var reportId = (await TaskApi.Json(await TaskApi.Report(coordinator, taskId, 20, unit: "MPS-A05"), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            var bytes = EvidenceSamples.Pdf(10_000 + classification.Length);
            var evidence = await Json(await Upload(coordinator, ReportUrl(taskId, reportId), $"{classification}.pdf", "application/pdf", bytes), HttpStatusCode.Created);
            Assert.That(evidence.GetProperty("classification").GetString(), Is.EqualTo(classification), "inherited from the report");
            classified[classification] = (taskId, reportId, evidence.GetProperty("id").GetInt32(), bytes);
        }

        reviewId = await ScheduledReview(coordinator, DemoId, "MPS");
        hiddenReviewId = await ScheduledReview(As("mic.coordinator"), await AddRegulationWithoutMps($"QC-EVD-{Guid.NewGuid():N}"[..14]), "MIC");
    }

    [Test]
    public async Task Every_accepted_kind_takes_its_own_bytes_and_refuses_every_other_body_leaving_no_file_and_no_row()
    {
        var officer = As("mps.officer");
        var (taskId, reportId, _, _) = classified["unclassified"];
        var url = ReportUrl(taskId, reportId);
        foreach (var kind in EvidenceSamples.Kinds)
        {
            var accepted = await Json(await Upload(officer, url, $"sample{kind.Extension}", kind.MediaType, kind.Sample), HttpStatusCode.Created);
            Assert.That(accepted.GetProperty("mediaType").GetString(), Is.EqualTo(kind.MediaType), kind.Extension);
        }

        var bodies = EvidenceSamples.Kinds.Select(k => ($"a {k.Extension} file", k.Sample, (EvidenceSamples.Kind?)k))
            .Concat(EvidenceSamples.Foreign.Select(f => (f.Name, f.Bytes, (EvidenceSamples.Kind?)null))).ToList();
        var refusals = 0;
        foreach (var declared in EvidenceSamples.Kinds)
        {
            foreach (var (name, bytes, bodyKind) in bodies)
            {
                if (bodyKind is not null && EvidenceSamples.Accepts(declared, bodyKind))
                {
                    continue;
                }

                var (rows, files) = (await EvidenceRows(), StoredFiles());
                var response = await Upload(officer, url, $"renamed{declared.Extension}", declared.MediaType, bytes);
                var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType);
                Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(declared.MediaType), $"{name} as {declared.Extension}");
                Assert.That(await EvidenceRows(), Is.EqualTo(rows), $"{name} as {declared.Extension}: no row");
                Assert.That(StoredFiles(), Is.EqualTo(files), $"{name} as {declared.Extension}: no file, not even a partial one");
                refusals++;
            }
        }

        Assert.That(refusals, Is.GreaterThan(EvidenceSamples.Kinds.Length * EvidenceSamples.Foreign.Length), "every kind was tried against the foreign bodies at least");
    }

    [Test]
    public async Task A_renamed_executable_is_refused_by_name_type_or_bytes()
    {
        var officer = As("mps.officer");
        var (taskId, reportId, _, _) = classified["unclassified"];
        var url = ReportUrl(taskId, reportId);
        var exe = EvidenceSamples.Foreign[0].Bytes;
        var (rows, files) = (await EvidenceRows(), StoredFiles());

        var renamed = await ProblemAssert.IsProblem(await Upload(officer, url, "quarterly-report.pdf", "application/pdf", exe), HttpStatusCode.UnsupportedMediaType);
        Assert.That(renamed.GetProperty("detail").GetString(), Does.Contain("Windows executable"));
        await ProblemAssert.HasFieldErrors(await Upload(officer, url, "setup.exe", "application/pdf", exe), "fileName");
        await ProblemAssert.IsProblem(await Upload(officer, url, "setup.pdf", "application/x-msdownload", exe), HttpStatusCode.UnsupportedMediaType);
        await ProblemAssert.IsProblem(await Upload(officer, url, "report.pdf", "image/png", EvidenceSamples.Pdf(100)), HttpStatusCode.UnsupportedMediaType);
        await ProblemAssert.IsProblem(await Upload(officer, url, "notes.txt", "text/plain; charset=iso-8859-1", "abc"u8.ToArray()), HttpStatusCode.UnsupportedMediaType);
        await ProblemAssert.HasFieldErrors(await Upload(officer, url, "../../etc/passwd.txt", "text/plain", "abc"u8.ToArray()), "fileName");
        await ProblemAssert.HasFieldErrors(await Upload(officer, url, "empty.pdf", "application/pdf", []), "$");

        Assert.That(await EvidenceRows(), Is.EqualTo(rows));
        Assert.That(StoredFiles(), Is.EqualTo(files));
    }

    [Test]
    public async Task Every_zip_based_kind_refuses_bombs_escaping_names_and_documents_holding_archives_or_executables()
    {
        var officer = As("mps.officer");
        var (taskId, reportId, _, _) = classified["unclassified"];
        var url = ReportUrl(taskId, reportId);
        byte[] exe = [(byte)'M', (byte)'Z', 0x90, 0x00, .. EvidenceSamples.Noise(512, 9)];
        var zeros = new byte[2_000_000];
        // Each case: a reason the 415 names, the extra entries, and whether a plain .zip may hold them.
        var cases = new (string Reason, (string, byte[])[] Entries, bool ZipMayHold)[]
        {
            ("decompression bomb", [("word/bomb.xml", zeros)], false),
            ("Evidence:MaxUnpackedBytes", [.. Enumerable.Range(0, 250).Select(i => ($"parts/p{i}.xml", new byte[100 * 1024]))], false),
            ("outside the archive", [("../../evil.txt", "x"u8.ToArray())], false),
            ("outside the archive", [("/etc/cron.d/evil", "x"u8.ToArray())], false),
            ("outside the archive", [("C:/Windows/evil.txt", "x"u8.ToArray())], false),
            ("outside the archive", [("media\\..\\..\\evil.txt", "x"u8.ToArray())], false),
            ("nested archive or executable", [("word/embeddings/inner.zip", EvidenceSamples.PackageWith("zip"))], true),
            ("nested archive or executable", [("media/image1.png", exe)], true),
            ("nested archive or executable", [("media/setup.exe", "not really"u8.ToArray())], true),
        };
        var zipKinds = EvidenceSamples.Kinds.Where(k => k.Family is "docx" or "xlsx" or "pptx" or "odt" or "ods" or "zip").ToList();
        Assert.That(zipKinds, Has.Count.EqualTo(6));
        var tried = 0;
        foreach (var kind in zipKinds)
        {
            foreach (var (reason, entries, zipMayHold) in cases)
            {
                var body = EvidenceSamples.PackageWith(kind.Family, entries);
                Assert.That(body.Length, Is.LessThan(MaxBytes), "under the body limit: the archive's own check refuses it");
                if (kind.Family == "zip" && zipMayHold)
                {
                    await Json(await Upload(officer, url, $"holds{kind.Extension}", kind.MediaType, body), HttpStatusCode.Created);
                    continue;
                }

                var (rows, files) = (await EvidenceRows(), StoredFiles());
                var problem = await ProblemAssert.IsProblem(await Upload(officer, url, $"unsafe{kind.Extension}", kind.MediaType, body), HttpStatusCode.UnsupportedMediaType);
                Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(reason), $"{kind.Extension}: {reason}");
                Assert.That(await EvidenceRows(), Is.EqualTo(rows), $"{kind.Extension}: {reason}: no row");
                Assert.That(StoredFiles(), Is.EqualTo(files), $"{kind.Extension}: {reason}: no file");
                tried++;
            }

            // The same package with harmless extra parts is accepted: the refusals are the entries', not the kind's.
            await Json(await Upload(officer, url, $"fine{kind.Extension}", kind.MediaType,
                EvidenceSamples.PackageWith(kind.Family, ("media/notes.xml", "<?xml version=\"1.0\"?><n/>"u8.ToArray()))), HttpStatusCode.Created);
        }

        Assert.That(tried, Is.EqualTo((zipKinds.Count * cases.Length) - cases.Count(c => c.ZipMayHold)));
    }

    [Test]
    public async Task An_office_file_without_its_main_part_and_a_pdf_polyglot_are_refused()
    {
        var officer = As("mps.officer");
        var (taskId, reportId, _, _) = classified["unclassified"];
        var url = ReportUrl(taskId, reportId);
        byte[] exe = [(byte)'M', (byte)'Z', 0x90, 0x00, .. EvidenceSamples.Noise(512, 10)];
        var (rows, files) = (await EvidenceRows(), StoredFiles());
        foreach (var (kind, folder) in new[] { ("docx", "word"), ("xlsx", "xl"), ("pptx", "ppt") })
        {
            // The tester's exe.docx: [Content_Types].xml and word/evil.exe, no word/document.xml.
            using var stream = new MemoryStream();
            using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            {
                using (var types = zip.CreateEntry("[Content_Types].xml").Open())
                {
                    types.Write("<Types/>"u8);
                }

                using var evil = zip.CreateEntry($"{folder}/evil.bin").Open();
                evil.Write(exe);
            }

            var declared = EvidenceSamples.Kinds.Single(k => k.Family == kind);
            var problem = await ProblemAssert.IsProblem(await Upload(officer, url, $"exe.{kind}", declared.MediaType, stream.ToArray()), HttpStatusCode.UnsupportedMediaType);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("nested archive or executable").Or.Contain("no '"), kind);
        }

        // A PE image right after the PDF header (and a PE image further into the first bytes).
        var pe = new byte[1024];
        "MZ"u8.CopyTo(pe);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(pe.AsSpan(0x3C), 0x80);
        "PE\0\0"u8.CopyTo(pe.AsSpan(0x80));
        foreach (var poly in new[] { (byte[])[.. "%PDF-1.4\n"u8, .. pe], [.. "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n"u8, .. EvidenceSamples.Noise(3000, 11), .. pe] })
        {
            var problem = await ProblemAssert.IsProblem(await Upload(officer, url, "poly.pdf", "application/pdf", poly), HttpStatusCode.UnsupportedMediaType);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("polyglot"));
        }

        Assert.That(await EvidenceRows(), Is.EqualTo(rows));
        Assert.That(StoredFiles(), Is.EqualTo(files));
    }

    [Test]
    public async Task A_name_with_format_characters_a_device_name_or_no_stem_is_a_400_on_fileName()
    {
        var officer = As("mps.officer");
        var (taskId, reportId, _, _) = classified["unclassified"];
        var url = ReportUrl(taskId, reportId);
        var pdf = EvidenceSamples.Pdf(300);
        var (rows, files) = (await EvidenceRows(), StoredFiles());
        string[] refused =
        [
            "\u202Eexe.pdf", "report\u200B.pdf", "re\u200Dport.pdf", "\uFEFFnotes.pdf", "tag\U000E0001.pdf",
            "CON.pdf", "con.txt", "Prn.pdf", "AUX.pdf", "NUL.pdf", "nul .pdf", "COM1.pdf", "com9.pdf", "LPT1.pdf", "lpt9.backup.pdf", "COM\u00B9.pdf",
            ".pdf", "..pdf", " .pdf",
        ];
        foreach (var name in refused)
        {
            await ProblemAssert.HasFieldErrors(await Upload(officer, url, name, "application/pdf", pdf), "fileName");
        }

        Assert.That(await EvidenceRows(), Is.EqualTo(rows), "no row");
        Assert.That(StoredFiles(), Is.EqualTo(files), "no file");
        foreach (var name in new[] { "CONSOLE.pdf", "COM10.pdf", "con-report.pdf", "Biên bản.pdf", "notes.v2.pdf" })
        {
            await Json(await Upload(officer, url, name, "application/pdf", pdf), HttpStatusCode.Created);
        }
    }

    [Test]
    public async Task Every_demo_user_downloads_the_files_of_their_clearance_and_no_other()
    {
        var checkedPairs = 0;
        foreach (var user in DemoUsers)
        {
            var client = As(user);
            var clearance = Array.IndexOf(Classifications, (await GetJson<JsonElement>(client, "/api/v1/auth/me")).GetProperty("clearance").GetString());
            Assert.That(clearance, Is.GreaterThanOrEqualTo(0), user);
            foreach (var (classification, (taskId, reportId, evidenceId, bytes)) in classified)
            {
                var cleared = clearance >= Array.IndexOf(Classifications, classification);
                var downloads = await AuditCount("evidence.read");
                var response = await client.GetAsync(new Uri($"/api/v1/evidence/{evidenceId}/content", UriKind.Relative));
                if (cleared)
                {
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{user} reads the {classification} file");
                    Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes), $"{user}, {classification}");
                    Assert.That(await AuditCount("evidence.read"), Is.EqualTo(downloads + 1), $"{user}'s download of the {classification} file is audited");
                }
                else
                {
                    await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
                    Assert.That(await AuditCount("evidence.read"), Is.EqualTo(downloads), "a refusal is no download");
                }

                // The report's list shows the file exactly when it can be downloaded (the task itself is a 404 above the clearance).
                var list = await client.GetAsync(new Uri(ReportUrl(taskId, reportId), UriKind.Relative));
                if (list.StatusCode == HttpStatusCode.OK)
                {
                    var ids = (await Json(list, HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
                    Assert.That(ids.Contains(evidenceId), Is.EqualTo(cleared), $"{user} lists the {classification} report's files");
                }
                else
                {
                    Assert.That(cleared, Is.False, $"{user} may read the {classification} task");
                    await ProblemAssert.IsProblem(list, HttpStatusCode.NotFound);
                }

                checkedPairs++;
            }
        }

        Assert.That(checkedPairs, Is.EqualTo(DemoUsers.Length * Classifications.Length));
    }

    [Test]
    public async Task An_upload_is_hashed_named_listed_and_downloaded_with_its_digest_and_the_download_audited()
    {
        var officer = As("mic.officer");
        var (taskId, reportId, _, _) = classified["unclassified"];
        var bytes = EvidenceSamples.Pdf(200_000);
        const string name = "Biên bản kiểm tra liên ngành (bản ký).pdf";
        var response = await Upload(officer, ReportUrl(taskId, reportId), name, "application/pdf", bytes);
        var evidence = await Json(response, HttpStatusCode.Created);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.That(evidence.GetProperty("sha256").GetString(), Is.EqualTo(sha256));
        Assert.That(evidence.GetProperty("sizeBytes").GetInt64(), Is.EqualTo(bytes.Length));
        Assert.That(evidence.GetProperty("fileName").GetString(), Is.EqualTo(name));
        Assert.That(evidence.GetProperty("uploadedBy").GetString(), Is.EqualTo("mic.officer"));
        var id = evidence.GetProperty("id").GetInt32();
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/api/v1/evidence/{id}/content"));

        var listed = await GetAllPages(As("mps.viewer"), $"{ReportUrl(taskId, reportId)}?limit=1");
        Assert.That(listed.Single(i => i.GetProperty("id").GetInt32() == id).ToString(), Is.EqualTo(evidence.ToString()), "listed as created, through the pages");

        var audited = await AuditCount("evidence.read");
        var download = await As("mps.viewer").GetAsync(new Uri($"/api/v1/evidence/{id}/content", UriKind.Relative));
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(download.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(download.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        Assert.That(download.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo(name));
        Assert.That(download.Headers.GetValues("Repr-Digest").Single(), Is.EqualTo($"sha-256=:{Convert.ToBase64String(SHA256.HashData(bytes))}:"));
        Assert.That(SHA256.HashData(await download.Content.ReadAsStreamAsync()), Is.EqualTo(SHA256.HashData(bytes)));
        Assert.That(await AuditCount("evidence.read"), Is.EqualTo(audited + 1));

        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri($"/api/v1/evidence/{id}/content", UriKind.Relative));
        var headResponse = await As("mps.viewer").SendAsync(head);
        Assert.That(headResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(headResponse.Content.Headers.ContentLength, Is.EqualTo(bytes.Length));
        Assert.That(await AuditCount("evidence.read"), Is.EqualTo(audited + 1), "a HEAD reads no file and is not audited as a download");

        await using var connection = await OpenDatabase();
        var upload = await connection.QuerySingleAsync<(string Action, int Classification)>(
            "SELECT action AS Action, classification AS Classification FROM audit_entries WHERE action = 'evidence.upload' AND entity_id = @Id;",
            new { Id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.That(upload.Action, Is.EqualTo("evidence.upload"));
        var secret = classified["secret"];
        var secretUpload = await connection.ExecuteScalarAsync<int>(
            "SELECT classification FROM audit_entries WHERE action = 'evidence.upload' AND entity_id = @Id;",
            new { Id = secret.EvidenceId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.That(secretUpload, Is.EqualTo(2), "the upload's audit entry is as classified as the file");
    }

    [Test]
    public async Task Who_may_add_evidence_to_a_report_and_to_minutes()
    {
        var (taskId, reportId, _, _) = classified["unclassified"];
        var pdf = EvidenceSamples.Pdf(500);
        await ProblemAssert.IsProblem(await Upload(As("mic.viewer"), ReportUrl(taskId, reportId), "a.pdf", "application/pdf", pdf), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await Upload(As("mps.admin"), ReportUrl(taskId, reportId), "a.pdf", "application/pdf", pdf), HttpStatusCode.Forbidden);
        var (topTask, topReport, _, _) = classified["top-secret"];
        await ProblemAssert.IsProblem(await Upload(As("mps.officer"), ReportUrl(topTask, topReport), "a.pdf", "application/pdf", pdf), HttpStatusCode.NotFound);
        var (otherTask, _, _, _) = classified["confidential"];
        await ProblemAssert.IsProblem(await Upload(As("mps.officer"), ReportUrl(otherTask, reportId), "a.pdf", "application/pdf", pdf), HttpStatusCode.NotFound);

        // A review's minutes: its parties' coordinators and admins, once the meeting is scheduled; nobody outside its regulation.
        var minutes = $"/api/v1/reviews/{reviewId}/minutes/evidence";
        var signed = await Json(await Upload(As("mic.admin"), minutes, "signed-minutes.pdf", "application/pdf", pdf), HttpStatusCode.Created);
        Assert.That(signed.GetProperty("classification").GetString(), Is.EqualTo("unclassified"));
        await ProblemAssert.IsProblem(await Upload(As("mps.officer"), minutes, "a.pdf", "application/pdf", pdf), HttpStatusCode.Forbidden);
        var planned = await Json(await Send(As("mps.coordinator"), HttpMethod.Post, "/api/v1/reviews", new
        {
            regulationId = DemoId, periodYear = 2032, hostAgencyCode = "MPS", scheduledOn = "2032-12-15", venue = "Hà Nội", reason = "Planned only",
        }), HttpStatusCode.Created);
        await ProblemAssert.IsProblem(await Upload(As("mps.coordinator"), $"/api/v1/reviews/{planned.GetProperty("id").GetInt32()}/minutes/evidence",
            "a.pdf", "application/pdf", pdf), HttpStatusCode.Conflict);
        var listed = await GetAllPages(As("mps.viewer"), minutes);
        Assert.That(listed.Select(i => i.GetProperty("id").GetInt32()), Does.Contain(signed.GetProperty("id").GetInt32()));

        var hidden = await Json(await Upload(As("mic.coordinator"), $"/api/v1/reviews/{hiddenReviewId}/minutes/evidence", "mof.pdf", "application/pdf", pdf),
            HttpStatusCode.Created);
        var hiddenId = hidden.GetProperty("id").GetInt32();
        foreach (var user in DemoUsers)
        {
            var response = await As(user).GetAsync(new Uri($"/api/v1/evidence/{hiddenId}/content", UriKind.Relative));
            if (user.StartsWith("mps.", StringComparison.Ordinal))
            {
                await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
            }
            else
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{user} is of a party to the MIC–MOF regulation");
            }
        }

        await ProblemAssert.IsProblem(await As("mps.coordinator").GetAsync(new Uri($"/api/v1/reviews/{hiddenReviewId}/minutes/evidence", UriKind.Relative)),
            HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_body_limit_is_raised_for_uploads_only_and_a_larger_file_is_a_413_leaving_nothing()
    {
        var officer = As("mps.officer");
        var (taskId, reportId, _, _) = classified["unclassified"];
        var url = ReportUrl(taskId, reportId);
        var twoMegabytes = EvidenceSamples.Pdf(2_000_000);

        // 2 MB: over the API's 1 MiB limit, under Evidence:MaxBytes.
        await Json(await Upload(officer, url, "two-megabytes.pdf", "application/pdf", twoMegabytes), HttpStatusCode.Created);
        using (var json = new ByteArrayContent(twoMegabytes))
        {
            json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await ProblemAssert.IsProblem(await officer.PostAsync(new Uri($"/api/v1/tasks/{taskId}/reports", UriKind.Relative), json), HttpStatusCode.RequestEntityTooLarge);
        }

        var (rows, files) = (await EvidenceRows(), StoredFiles());
        var tooLarge = EvidenceSamples.Pdf((int)MaxBytes + 10);
        await ProblemAssert.IsProblem(await Upload(officer, url, "declared-too-large.pdf", "application/pdf", tooLarge), HttpStatusCode.RequestEntityTooLarge);

        // Sent in chunks, with no Content-Length: stopped when the bytes read pass the limit.
        using (var chunked = new StreamContent(new MemoryStream(tooLarge)))
        {
            chunked.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{url}?fileName=chunked.pdf", UriKind.Relative)) { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            await ProblemAssert.IsProblem(await officer.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        }

        Assert.That(await EvidenceRows(), Is.EqualTo(rows));
        Assert.That(StoredFiles(), Is.EqualTo(files));
    }

    [Test]
    public async Task An_upload_retried_with_its_idempotency_key_creates_one_file()
    {
        var officer = As("mps.officer");
        var (taskId, reportId, _, _) = classified["unclassified"];
        var bytes = EvidenceSamples.Pdf(3000);
        var key = $"evidence-{Guid.NewGuid():N}";
        var first = await Json(await Upload(officer, ReportUrl(taskId, reportId), "retried.pdf", "application/pdf", bytes, key), HttpStatusCode.Created);
        var (rows, files) = (await EvidenceRows(), StoredFiles());
        var again = await Json(await Upload(officer, ReportUrl(taskId, reportId), "retried.pdf", "application/pdf", bytes, key), HttpStatusCode.Created);
        Assert.That(again.ToString(), Is.EqualTo(first.ToString()));
        await ProblemAssert.IsProblem(await Upload(officer, ReportUrl(taskId, reportId), "retried.pdf", "application/pdf", EvidenceSamples.Pdf(3001), key),
            HttpStatusCode.UnprocessableEntity);
        Assert.That(await EvidenceRows(), Is.EqualTo(rows));
        Assert.That(StoredFiles(), Is.EqualTo(files));
    }

    [Test]
    public async Task The_evidence_manifest_lists_the_files_with_their_hashes_within_clearance()
    {
        var all = await ManifestOf("mic.auditor");
        foreach (var (classification, (taskId, reportId, evidenceId, bytes)) in classified)
        {
            var row = all.Single(r => r.GetProperty("id").GetInt32() == evidenceId);
            Assert.That(row.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))), classification);
            Assert.That(row.GetProperty("sizeBytes").GetInt64(), Is.EqualTo(bytes.Length));
            Assert.That(row.GetProperty("taskId").GetInt32(), Is.EqualTo(taskId));
            Assert.That(row.GetProperty("reportId").GetInt32(), Is.EqualTo(reportId));
            Assert.That(row.GetProperty("classification").GetString(), Is.EqualTo(classification));
        }

        var confidential = (await ManifestOf("mps.auditor")).Select(r => r.GetProperty("classification").GetString()).Distinct().ToList();
        Assert.That(confidential, Is.SubsetOf(new[] { "unclassified", "confidential" }), "mps.auditor is cleared for confidential");
        Assert.That(confidential, Does.Contain("confidential"));
    }

    private async Task<List<JsonElement>> ManifestOf(string user)
    {
        var response = await As(user).GetAsync(new Uri("/api/v1/exports/evidence?format=json", UriKind.Relative));
        return [.. (await Json(response, HttpStatusCode.OK)).EnumerateArray()];
    }

    /// <summary>A review of 2031 whose meeting is scheduled: its minutes take files.</summary>
    private async Task<int> ScheduledReview(HttpClient coordinator, int regulationId, string host)
    {
        var id = (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/reviews", new
        {
            regulationId, periodYear = 2031, hostAgencyCode = host, scheduledOn = "2031-12-15", venue = "Hà Nội", reason = "Evidence test",
        }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Send(coordinator, HttpMethod.Post, $"/api/v1/reviews/{id}/transitions",
            new { to = "scheduled", scheduledOn = "2031-12-15", venue = "Hà Nội", chairs = "Both Offices" }), HttpStatusCode.OK);
        return id;
    }

    private static string ReportUrl(int taskId, int reportId) => $"/api/v1/tasks/{taskId}/reports/{reportId}/evidence";

    private static async Task<HttpResponseMessage> Upload(HttpClient client, string url, string fileName, string mediaType, byte[] bytes, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{url}?fileName={Uri.EscapeDataString(fileName)}", UriKind.Relative))
        {
            Content = EvidenceSamples.Content(bytes, mediaType),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }

    private async Task<long> EvidenceRows() => await Scalar("SELECT COUNT(*) FROM evidence;");

    /// <summary>Every file under the evidence folder, partial uploads included.</summary>
    private int StoredFiles() => Directory.Exists(Store.Root) ? Directory.EnumerateFiles(Store.Root, "*", SearchOption.AllDirectories).Count() : 0;
}
