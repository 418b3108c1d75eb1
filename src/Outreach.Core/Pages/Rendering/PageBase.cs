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

    /// <summary>The language the page offers to switch to.</summary>
    protected string OtherLanguage => Common.Localization.Language.Other(Language);
}

/// <summary>A page or page part drawn from a typed model.</summary>
public abstract class PageBase<TModel> : PageBase
{
    [Parameter, EditorRequired] public TModel Model { get; set; } = default!;
}
