namespace ResearchKit.Models.Deep;

/// <summary>A model trained with TorchSharp; experiments report <see cref="DeviceUsed"/> as its <c>device</c> parameter.</summary>
public interface ITorchModel
{
    /// <summary>The device the last fit ran on: <c>cpu</c> or <c>cuda</c> (what <c>device=auto</c> resolved to); null before fitting.</summary>
    string? DeviceUsed { get; }
}

/// <summary>Training produced a non-finite loss or weights; the message names the model, the epoch and what diverged.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="model"/> at <paramref name="epoch"/>.</summary>
    public TrainingDivergedException(string model, int epoch, string what, float learningRate)
        : base($"{model} diverged in epoch {epoch}: {what}. Lower the learning rate (lr={learningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}).")
    {
        Model = model;
        Epoch = epoch;
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrainingDivergedException(string message) : base(message) => Model = "";

    /// <summary>Creates the exception with a message and cause.</summary>
    public TrainingDivergedException(string message, Exception inner) : base(message, inner) => Model = "";

    /// <summary>Creates an empty exception.</summary>
    public TrainingDivergedException() : base("training diverged.") => Model = "";

    /// <summary>The model's name.</summary>
    public string Model { get; }

    /// <summary>The 1-based epoch in which the loss or weights stopped being finite.</summary>
    public int Epoch { get; }
}
