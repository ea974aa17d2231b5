namespace ResearchKit.Data;

/// <summary>The kind of a logged interaction. Ordered by strength of intent.</summary>
public enum EventKind : byte
{
    /// <summary>An item page view (implicit, weakest signal).</summary>
    View = 0,
    /// <summary>An add-to-cart.</summary>
    Cart = 1,
    /// <summary>A purchase / transaction.</summary>
    Purchase = 2,
    /// <summary>An explicit rating; the value holds the rating.</summary>
    Rating = 3,
}

/// <summary>Parsing helpers for <see cref="EventKind"/>.</summary>
public static class EventKinds
{
    /// <summary>
    /// Parses common spellings (view, cart / addtocart, purchase / transaction / buy, rating), case-insensitive.
    /// Returns false for anything else.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out EventKind kind)
    {
        text = text.Trim();
        if (text.Equals("view", StringComparison.OrdinalIgnoreCase) || text.Equals("click", StringComparison.OrdinalIgnoreCase)) { kind = EventKind.View; return true; }
        if (text.Equals("cart", StringComparison.OrdinalIgnoreCase) || text.Equals("addtocart", StringComparison.OrdinalIgnoreCase) || text.Equals("add_to_cart", StringComparison.OrdinalIgnoreCase)) { kind = EventKind.Cart; return true; }
        if (text.Equals("purchase", StringComparison.OrdinalIgnoreCase) || text.Equals("transaction", StringComparison.OrdinalIgnoreCase) || text.Equals("buy", StringComparison.OrdinalIgnoreCase)) { kind = EventKind.Purchase; return true; }
        if (text.Equals("rating", StringComparison.OrdinalIgnoreCase) || text.Equals("rate", StringComparison.OrdinalIgnoreCase)) { kind = EventKind.Rating; return true; }
        kind = default;
        return false;
    }

    /// <summary>
    /// Parses a kind as columnar sources store it: a spelling <see cref="TryParse"/> accepts, or the enum's code
    /// (0 view … 3 rating). Null and anything else return false.
    /// </summary>
    public static bool TryParseNameOrCode(string? text, out EventKind kind)
    {
        kind = EventKind.View;
        if (text is null) return false;
        if (long.TryParse(text, out var code))
        {
            kind = (EventKind)code;
            return code is >= 0 and <= (long)EventKind.Rating;
        }
        return TryParse(text, out kind);
    }
}
