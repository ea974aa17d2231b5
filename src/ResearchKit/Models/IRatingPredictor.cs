namespace ResearchKit.Models;

/// <summary>
/// Optional capability (a marker): the model's <see cref="IRecommender.Score"/> values are predicted ratings on the
/// data's value scale (e.g. 1–5 stars), so RMSE and MAE against held-out ratings mean something. Ranking models
/// (popularity, ALS, BPR, EASE, the deep retrieval models, fusions) score on an arbitrary scale and do not implement it;
/// the evaluator reports rating errors only for models that do (unless asked explicitly,
/// <c>EvaluationOptions.RatingErrors = true</c>).
/// </summary>
public interface IRatingPredictor;
