using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Outreach.DevHost;

namespace Outreach.IntegrationTests.DevHost;

public sealed class DevStorageTests
{
    [Fact]
    public void The_DevHost_keeps_its_storage_under_the_repository_unless_told_to_stay_in_memory()
    {
        var root = RepositoryRoot.Find()!;

        Assert.Equal(Path.Combine(root, ".devhost", "azurite"), DevStorageLocation.Resolve(Settings()));
        Assert.Null(DevStorageLocation.Resolve(Settings((DevStorageLocation.InMemoryKey, "true"))));
        Assert.Equal(Path.Combine(root, "elsewhere"), DevStorageLocation.Resolve(Settings((DevStorageLocation.PathKey, "elsewhere"))));
    }

    [Fact]
    public void The_DevHost_storage_folder_is_ignored_by_git() =>
        Assert.Contains(".devhost/", File.ReadAllLines(Path.Combine(RepositoryRoot.Find()!, ".gitignore")));

    [Fact]
    public async Task Tables_queues_and_blobs_survive_a_restart_of_a_persisting_Azurite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "outreach-tests", "azurite-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using (var first = await StartAsync(folder))
            {
                var table = new TableClient(first.ConnectionString, "subscribers");
                await table.CreateIfNotExistsAsync();
                await table.AddEntityAsync(new TableEntity("newsletter", "marie@example.org") { ["FirstName"] = "Marie" });
                var queue = new QueueClient(first.ConnectionString, "campaign-batches");
                await queue.CreateIfNotExistsAsync();
                await queue.SendMessageAsync("batch-1");
                var container = new BlobContainerClient(first.ConnectionString, "archive");
                await container.CreateIfNotExistsAsync();
                await container.UploadBlobAsync("issue.html", BinaryData.FromString("<p>octobre</p>"));
            }

            await using var second = await StartAsync(folder);
            var entity = await new TableClient(second.ConnectionString, "subscribers").GetEntityAsync<TableEntity>("newsletter", "marie@example.org");
            var message = await new QueueClient(second.ConnectionString, "campaign-batches").PeekMessageAsync();
            var blob = await new BlobContainerClient(second.ConnectionString, "archive").GetBlobClient("issue.html").DownloadContentAsync();

            Assert.Equal("Marie", entity.Value.GetString("FirstName"));
            Assert.Equal("batch-1", message.Value.MessageText);
            Assert.Equal("<p>octobre</p>", blob.Value.Content.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<AzuriteProcess> StartAsync(string folder)
    {
        var ports = AzuriteLauncher.FreePorts(3);
        return await AzuriteLauncher.StartAsync(ports[0], ports[1], ports[2], log: _ => { }, persistTo: folder);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
