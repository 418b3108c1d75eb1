using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Outreach.Core.Audiences.Imports;
using Outreach.Core.Common.Storage;
using Outreach.Core.Common.Validation;
using Outreach.Functions.Http;

namespace Outreach.Functions.Audiences;

/// <summary>Imports as jobs: upload and preview, start, progress, the rejected lines; the queue writes the chunks.</summary>
public sealed class ImportJobFunctions(ImportJobs imports, ILogger<ImportJobFunctions> logger)
{
    [Function("AdminUploadImport")]
    [Description("An import job: the CSV body (, ; or tab; UTF-8 with or without BOM, or Windows-1252) is read, checked and stored; ?status=pending|confirmed&source=TEXT&mapping={\"field\":\"column\"} → 201 { id, preview: { delimiter, encoding, columns, mapping, rows, lines, valid, rejected } }. Nothing is imported until POST /api/admin/imports/{id}/start.")]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/audiences/{id}/imports")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (mapping, mappingError) = ColumnMapping.ParseOverrides(request.Query["mapping"].FirstOrDefault());
        if (mappingError is not null) return ApiResults.Invalid(new ValidationErrors { { "mapping", mappingError } });
        var body = await RequestBody.ReadBytesAsync(request, AudienceAdminFunctions.MaxImportBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var (outcome, jobId, preview, errors) = await imports.UploadAsync(
            id, body.Value, request.Query["status"].FirstOrDefault(), request.Query["source"].FirstOrDefault(), mapping, cancellationToken);
        return outcome switch
        {
            ImportJobOutcome.Invalid => ApiResults.Invalid(errors),
            ImportJobOutcome.NotFound => ApiResults.NotFound("Audience"),
            _ => ApiResults.JsonBody(new { id = jobId, preview }, StatusCodes.Status201Created),
        };
    }

    [Function("AdminStartImport")]
    [Description("Starts a previewed import job → 202 with its progress; starting it again changes nothing.")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/imports/{id}/start")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await imports.StartAsync(id, cancellationToken) is { } progress ? ApiResults.JsonBody(progress, StatusCodes.Status202Accepted) : ApiResults.NotFound("Import");

    [Function("AdminImportProgress")]
    [Description("An import job's progress: { state: previewed|running|done, total, done, added, updated, skipped, invalid }.")]
    public async Task<IActionResult> Progress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/imports/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await imports.ProgressAsync(id, cancellationToken) is { } progress ? ApiResults.JsonBody(progress) : ApiResults.NotFound("Import");

    [Function("AdminImportRejected")]
    [Description("The lines of an import job that were not imported, with the reason (CSV: line, email, outcome, reason).")]
    public async Task<IActionResult> Rejected(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/imports/{id}/rejected.csv")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (await imports.ProgressAsync(id, cancellationToken) is null) return ApiResults.NotFound("Import");
        return new StreamedCsvResult($"import-{id}-rejected.csv", async (writer, ct) => await imports.WriteRejectedCsvAsync(id, writer, ct));
    }

    /// <summary>One chunk of a started job: up to 10 batches of 100 contacts written, each once.</summary>
    [Function("ImportChunk")]
    public Task Chunk([QueueTrigger(QueueNames.ImportChunks)] string message, CancellationToken cancellationToken)
    {
        if (ImportJobs.ParseMessage(message) is { } chunk) return imports.ProcessChunkAsync(chunk, cancellationToken);
        logger.LogWarning("Dropped a message of {Queue} that is not an import chunk", QueueNames.ImportChunks);
        return Task.CompletedTask;
    }
}
