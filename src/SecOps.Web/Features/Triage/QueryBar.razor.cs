using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using SecOps.Web.Components.Shared;

namespace SecOps.Web.Features.Triage;

public sealed partial class QueryBar
{
    private const string ListId = "board-query-suggestions";
    private const string ErrorId = "board-query-error";

    private static readonly RenderFragment SearchIcon = IconMarkup.Fragment(ChromeIcon.Search, "mud-icon-root mud-icon-default mud-svg-icon mud-icon-size-medium mud-input-adornment-icon");
    private static readonly RenderFragment ClearIcon = IconMarkup.Fragment(ChromeIcon.Clear, "mud-icon-root mud-svg-icon mud-icon-size-small");

    /// <summary>What the input holds as far as the server knows: the browser's latest value, or a text set on purpose.</summary>
    private string _value = "";

    /// <summary>The last <see cref="Text"/> the parent passed; only a change of it is a change made on purpose.</summary>
    private string? _lastText;

    private IReadOnlyList<QuerySuggestions.Suggestion> _suggestions = [];
    private int _active = -1;
    private bool _submitted;

    [Parameter] public string? Text { get; set; }
    [Parameter] public EventCallback<string?> TextChanged { get; set; }

    /// <summary>Called with the parsed query and its text when the analyst submits a valid query.</summary>
    [Parameter] public EventCallback<(AlertQuery Query, string? Text)> OnApply { get; set; }

    /// <summary>Known values of a field (hosts, users, rules) for completions.</summary>
    [Parameter] public Func<AlertField, IReadOnlyList<string>> KnownValues { get; set; } = _ => [];

    /// <summary>
    /// An error found outside the bar: in a query that came with the URL, or a pivot that could not be added. A new one
    /// is shown even after the analyst has submitted from the bar.
    /// </summary>
    [Parameter] public string? InitialError { get; set; }

    private string? _lastInitialError;

    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    public string? Error { get; private set; }

    private string? ShownError => _submitted ? Error : InitialError;

    private bool Open => _suggestions.Count > 0;

    // Key and blur events only while the completions are open: typing otherwise sends nothing but the input event.
    private EventCallback<KeyboardEventArgs> KeyDownHandler => Open ? EventCallback.Factory.Create<KeyboardEventArgs>(this, OnKeyDownAsync) : default;
    private EventCallback<FocusEventArgs> BlurHandler => Open ? EventCallback.Factory.Create<FocusEventArgs>(this, CloseSuggestions) : default;

    private static string OptionId(int index) => $"board-query-option-{index}";

    protected override void OnParametersSet()
    {
        if (InitialError != _lastInitialError)
        {
            _lastInitialError = InitialError;
            _submitted &= InitialError is null;
        }
        // The parent echoes what the analyst typed (it binds Text); only a different text, such as a pivot or an
        // opened view, replaces what the input holds.
        if (Text != _lastText)
        {
            _lastText = Text;
            if ((Text ?? "") != _value)
            {
                _value = Text ?? "";
                CloseSuggestions();
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Keeps the caret in place on ArrowUp/ArrowDown while the completions are open; see js/popups.js.
            await JS.InvokeVoidAsync("import", "./js/popups.js");
        }
    }

    /// <summary>Bound to the input (on every input event); a plain value attribute would not be reconciled with what the browser holds.</summary>
    private string? Value
    {
        get => _value;
        set => _value = value ?? "";
    }

    private async Task OnInputAsync()
    {
        _suggestions = QuerySuggestions.For(_value, KnownValues);
        _active = -1;
        await ReportAsync();
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        switch (e.Key)
        {
            case "ArrowDown":
                _active = (_active + 1) % _suggestions.Count;
                break;
            case "ArrowUp":
                _active = _active <= 0 ? _suggestions.Count - 1 : _active - 1;
                break;
            case "Escape":
                CloseSuggestions();
                break;
            case "Tab" when _active >= 0:
                await AcceptAsync(_suggestions[_active]);
                break;
        }
    }

    /// <summary>Enter: takes the highlighted completion if there is one, else applies the query.</summary>
    private Task SubmitAsync() => Open && _active >= 0 ? AcceptAsync(_suggestions[_active]) : ApplyAsync();

    private async Task ApplyAsync()
    {
        _submitted = true;
        CloseSuggestions();
        var (query, error) = AlertQueryParser.Parse(_value, Time);
        Error = error?.Describe();
        if (query is not null)
        {
            await OnApply.InvokeAsync((query, NullIfEmpty(_value)));
        }
    }

    private async Task AcceptAsync(QuerySuggestions.Suggestion suggestion)
    {
        _value = suggestion.Text;
        // A completed field name goes straight on to its values.
        _suggestions = QuerySuggestions.For(_value, KnownValues);
        _active = -1;
        await ReportAsync();
    }

    private async Task ClearAsync()
    {
        _value = "";
        await ReportAsync();
        await ApplyAsync();
    }

    private void CloseSuggestions()
    {
        _suggestions = [];
        _active = -1;
    }

    private Task ReportAsync() => TextChanged.InvokeAsync(NullIfEmpty(_value));

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
