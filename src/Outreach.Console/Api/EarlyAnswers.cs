using System.Net;
using System.Text;
using Microsoft.JSInterop;

namespace Outreach.Console.Api;

/// <summary>
/// The answers the page asked for before the runtime started (<c>js/console.js</c>: who is signed in, the dashboard's
/// first data), each taken once as the response the server gave; null when there is none, so the caller asks the server.
/// </summary>
public sealed class EarlyAnswers(IJSRuntime js)
{
    public async Task<HttpResponseMessage?> TakeAsync(HttpRequestMessage request)
    {
        if (request.Method != HttpMethod.Get || request.RequestUri is null) return null;
        var answer = await js.InvokeAsync<EarlyAnswer?>("outreachConsole.takeEarly", request.RequestUri.OriginalString);
        return answer is null ? null : new HttpResponseMessage((HttpStatusCode)answer.Status)
        {
            Content = new StringContent(answer.Body, Encoding.UTF8, MediaType(answer.ContentType)),
            RequestMessage = request,
        };
    }

    private static string MediaType(string contentType) =>
        contentType.Split(';')[0].Trim() is { Length: > 0 } mediaType ? mediaType : "application/octet-stream";

    private sealed record EarlyAnswer(int Status, string ContentType, string Body);
}
