using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Outreach.Core.Pages.Rendering;

/// <summary>
/// A public page ready to render: which Razor component, with which parameters. Rendering happens when the answer is
/// written, so a function returns a page as it returns any other result.
/// </summary>
public sealed class HtmlPage(PageRenderer renderer, Type component, IReadOnlyDictionary<string, object?> parameters)
{
    public Type Component { get; } = component;

    public Task<string> RenderAsync() => renderer.RenderAsync(Component, parameters);
}

/// <summary>Renders Razor components to HTML strings with <see cref="HtmlRenderer"/>; every value is HTML-encoded by Razor.</summary>
public sealed class PageRenderer(IServiceScopeFactory scopes, ILoggerFactory loggers)
{

    /// <summary>A page with its language and typed model (the component's <c>Language</c> and <c>Model</c> parameters).</summary>
    public HtmlPage Page<TComponent, TModel>(string language, TModel model) where TComponent : PageBase<TModel> =>
        new(this, typeof(TComponent), new Dictionary<string, object?> { [nameof(PageBase.Language)] = language, [nameof(PageBase<TModel>.Model)] = model });

    /// <summary>A page that needs nothing but its language.</summary>
    public HtmlPage Page<TComponent>(string language) where TComponent : PageBase =>
        new(this, typeof(TComponent), new Dictionary<string, object?> { [nameof(PageBase.Language)] = language });

    public async Task<string> RenderAsync(Type component, IReadOnlyDictionary<string, object?> parameters)
    {
        // A scope per render: the worker's ASP.NET Core integration registers scoped component services.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(new PageServices(scope.ServiceProvider), loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync(component, ParameterView.FromDictionary(parameters.ToDictionary()));
            return output.ToHtmlString();
        });
    }

    /// <summary>The app's services, with an encoder that leaves letters such as é readable (only markup characters are escaped).</summary>
    private sealed class PageServices(IServiceProvider inner) : IServiceProvider
    {
        private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

        public object? GetService(Type serviceType) => serviceType == typeof(HtmlEncoder) ? Encoder : inner.GetService(serviceType);
    }

    public Task<string> RenderAsync<TComponent, TModel>(string language, TModel model) where TComponent : PageBase<TModel> =>
        Page<TComponent, TModel>(language, model).RenderAsync();
}
