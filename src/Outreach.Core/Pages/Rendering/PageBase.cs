using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Outreach.Core.Common.Localization;

namespace Outreach.Core.Pages.Rendering;

/// <summary>What every page and page part knows: its language, and the wording in that language (<c>T["key"]</c>).</summary>
public abstract class PageBase : ComponentBase
{
    [Parameter, EditorRequired] public string Language { get; set; } = "fr";

    protected IStringLocalizer T => Strings.Shared.For(Language);

    protected bool English => Language == "en";

    /// <summary>"&amp;lang=en" or "?lang=en" for English, nothing for French.</summary>
    protected string LangQuery(bool first) => English ? (first ? "?lang=en" : "&lang=en") : "";
}

/// <summary>A page or page part drawn from a typed model.</summary>
public abstract class PageBase<TModel> : PageBase
{
    [Parameter, EditorRequired] public TModel Model { get; set; } = default!;
}
