namespace ResearchKit.Models.Deep;

/// <summary>Activation functions between the layers of a deep model's MLP.</summary>
public enum Activation
{
    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>GELU (tanh approximation, Hendrycks &amp; Gimpel 2016).</summary>
    Gelu,

    /// <summary>tanh.</summary>
    Tanh,

    /// <summary>Logistic sigmoid.</summary>
    Sigmoid,
}
