#pragma once

#include <QWidget>

#include <memory>

namespace deskseek::ui {

// One live line chart of a metric over the last five minutes, one series per source (GPU).
// Qt Charts stays behind this class: nothing else in the UI includes it.
class MetricChart : public QWidget
{
    Q_OBJECT

public:
    // maximum > 0: a fixed value range [0, maximum] (percent); 0: grows with the data.
    MetricChart(const QString &objectName, double maximum, QWidget *parent = nullptr);
    ~MetricChart() override;

    void setTitle(const QString &title);
    void setUnit(const QString &unit); // shown on the value axis
    void setMaximum(double maximum);
    // Names the series; calling it again with other names starts over.
    void setSeries(const QStringList &names);
    // New names for the series there are (a language change), keeping their points.
    void renameSeries(const QStringList &names);
    void addPoint(int series, qint64 timeMs, double value);
    void setPlaceholder(const QString &text); // shown instead of the plot while not empty

    int seriesCount() const;
    QList<QPointF> points(int series) const; // (time ms, value), oldest first
    static constexpr qint64 kWindowMs = 5 * 60 * 1000;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTheme();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace deskseek::ui
